import VouchCore
import VouchCrypto
import VouchJSON

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
