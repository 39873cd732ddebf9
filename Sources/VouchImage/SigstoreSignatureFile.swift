import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

/// A signature file of a containers/image `dir:` image (or of its signature storage) in the sigstore format:
///
/// ```
/// file        = %x00 "sigstore-json" %x0A json
/// json        = { "mimeType": string, "payload": base64, "annotations": { string: string } }
/// ```
/// The media type and annotations are those of the cosign signature layer the file stands for; the payload is the
/// layer's blob, embedded. Other formats (a GPG simple signature starts with no NUL byte) are not cosign's.
public struct SigstoreSignatureFile: Sendable {
    /// The layer media type (`application/vnd.dev.cosign.simplesigning.v1+json` for signatures).
    public let mimeType: String
    public let payload: [UInt8]
    public let annotations: [String: String]
    /// The file, for findings; annotation pointers are `/annotations/<key>` in it.
    public let input: String

    /// The format name after the NUL byte.
    public static let formatName = "sigstore-json"

    /// What a signature file holds: a sigstore signature, or a format Vouch does not read (named).
    public enum Parsed: Sendable {
        case sigstore(SigstoreSignatureFile)
        case otherFormat(String)
    }

    /// Reads a signature file.
    ///
    /// - Throws: `image.signature.base64-invalid` for a payload that is not base64; JSON findings for a malformed
    ///   document.
    public static func parse(_ data: Data, input: String, limits: Limits = .default) throws(FindingError) -> Parsed {
        let bytes = Array(data)
        guard bytes.first == 0x00 else { return .otherFormat("simple signing (GPG)") }
        guard let newline = bytes.firstIndex(of: 0x0A) else { return .otherFormat("unknown") }
        let name = String(decoding: bytes[1..<newline], as: UTF8.self)
        guard name == formatName else { return .otherFormat(name) }
        let root = try JSONDocument.parse(bytes[(newline + 1)...], input: input, limits: limits).cursor
        let payloadCursor = try root.required("payload")
        guard let payload = Base64.decode(try payloadCursor.string()) else {
            throw payloadCursor.error(.imageSignatureBase64Invalid, "the signature file's payload is not base64")
        }
        var annotations: [String: String] = [:]
        if let object = try root.optional("annotations", nullIsAbsent: true) {
            for member in try object.members() {
                annotations[member.key] = try member.value.string()
            }
        }
        return .sigstore(
            SigstoreSignatureFile(
                mimeType: try root.required("mimeType").string(), payload: payload, annotations: annotations,
                input: input))
    }
}
