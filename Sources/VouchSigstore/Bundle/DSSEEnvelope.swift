import VouchCore
import VouchCrypto
import VouchJSON

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
