import VouchCore
import VouchCrypto
import VouchJSON

/// What was signed (`content`, a oneof): a signature over the artifact's bytes, or a DSSE envelope.
public enum BundleContent: Sendable {
    case messageSignature(MessageSignature)
    case dsseEnvelope(DSSEEnvelope)

    /// The raw signature bytes: what an RFC 3161 timestamp must cover.
    public var signature: [UInt8] {
        switch self {
        case .messageSignature(let message): message.signature
        case .dsseEnvelope(let envelope): envelope.signatures.first?.signature ?? []
        }
    }
}

/// A signature over the artifact itself:
///
/// ```
/// MessageSignature = { "messageDigest": { "algorithm": HashAlgorithm, "digest": bytes }?, "signature": bytes }
/// ```
/// `messageDigest` is an unauthenticated hint; Vouch still requires it to match the artifact when present.
public struct MessageSignature: Sendable {
    /// The hint's algorithm name (`SHA2_256`) and digest bytes.
    public let messageDigest: (algorithm: String, digest: [UInt8])?
    public let signature: [UInt8]
    public let cursor: JSONCursor

    static func parse(_ cursor: JSONCursor) throws(FindingError) -> MessageSignature {
        var hint: (String, [UInt8])? = nil
        if let digest = try ProtoJSON.field(cursor, "messageDigest") {
            let algorithm = try ProtoJSON.field(digest, "algorithm")
            let name = try algorithm?.string() ?? "SHA2_256"
            // proto3 JSON refuses enum names it does not know; so does Vouch, rather than dropping the hint.
            guard SigstoreAlgorithms.digestAlgorithm(protoName: name) != nil else {
                throw (algorithm ?? digest).error(
                    .sigstoreBundleMalformed, "'\(name)' is not a hash algorithm of the bundle format",
                    details: ["supported": "SHA2_256, SHA2_384, SHA2_512"])
            }
            hint = (
                name, try ProtoJSON.bytes(try ProtoJSON.required(digest, "digest"), code: .sigstoreBundleBase64Invalid)
            )
        }
        return MessageSignature(
            messageDigest: hint,
            signature: try ProtoJSON.bytes(
                try ProtoJSON.required(cursor, "signature"), code: .sigstoreBundleBase64Invalid),
            cursor: cursor)
    }
}

/// A DSSE envelope (secure-systems-lab/dsse, protobuf-specs `Envelope`):
///
/// ```
/// Envelope = { "payload": bytes, "payloadType": string, "signatures": [ { "sig": bytes, "keyid": string } ] }
/// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
/// ```
/// A bundle's envelope must carry exactly one signature.
public struct DSSEEnvelope: Sendable {
    public let payload: [UInt8]
    public let payloadType: String
    public let signatures: [(signature: [UInt8], keyID: String)]
    public let cursor: JSONCursor

    /// The pre-authentication encoding that is signed.
    public var preAuthenticationEncoding: [UInt8] {
        Array("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8) + payload
    }

    static func parse(_ cursor: JSONCursor) throws(FindingError) -> DSSEEnvelope {
        var signatures: [([UInt8], String)] = []
        for item in try ProtoJSON.required(cursor, "signatures").array() {
            signatures.append(
                (
                    try ProtoJSON.bytes(try ProtoJSON.required(item, "sig"), code: .sigstoreBundleBase64Invalid),
                    try ProtoJSON.field(item, "keyid")?.string() ?? ""
                ))
        }
        return DSSEEnvelope(
            payload: try ProtoJSON.bytes(try ProtoJSON.required(cursor, "payload"), code: .sigstoreBundleBase64Invalid),
            payloadType: try ProtoJSON.required(cursor, "payloadType").string(),
            signatures: signatures, cursor: cursor)
    }
}
