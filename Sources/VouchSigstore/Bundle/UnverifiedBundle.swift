import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

/// A Sigstore bundle as read, nothing checked yet (protobuf-specs `Bundle`):
///
/// ```
/// Bundle = { "mediaType": string,
///            "verificationMaterial": { content (see VerificationMaterial), "tlogEntries": [TransparencyLogEntry],
///                                      "timestampVerificationData": { "rfc3161Timestamps":
///                                                                       [ { "signedTimestamp": bytes } ] }? },
///            "messageSignature": MessageSignature | "dsseEnvelope": Envelope }
/// ```
/// Parsing refuses what cannot be judged at all (not JSON, an unknown media type, missing members, bad base64,
/// undecodable certificates, negative indexes), each with the JSON pointer into the bundle. Version rules and
/// everything cryptographic are the verifier's: only ``SigstoreVerifier`` turns this into a ``VerifiedBundle``.
public struct UnverifiedBundle: Sendable {
    public let input: String
    public let mediaType: String
    public let version: BundleVersion
    public let verificationMaterial: VerificationMaterial
    /// Where the material is (the `publicKey`, `certificate` or `x509CertificateChain` member).
    public let materialCursor: JSONCursor
    public let tlogEntries: [TransparencyLogEntry]
    /// The DER TimeStampResp of each RFC 3161 timestamp, with its location.
    public let timestamps: [(der: [UInt8], cursor: JSONCursor)]
    public let content: BundleContent
    /// The document root, for findings about the whole bundle.
    public let root: JSONCursor

    /// Parses bundle JSON. Certificates byte-identical to one of `known` are taken from there instead of parsed.
    public static func parse(
        _ data: some DataProtocol, input: String, limits: Limits = .default, known: KnownCertificates = .none
    ) throws(FindingError) -> UnverifiedBundle {
        let root = try JSONDocument.parse(data, input: input, limits: limits).cursor
        _ = try root.object()
        let mediaTypeCursor = try ProtoJSON.required(root, "mediaType")
        let mediaType = try mediaTypeCursor.string()
        let version = try BundleVersion.of(mediaType: mediaType, at: mediaTypeCursor)

        let material = try ProtoJSON.required(root, "verificationMaterial")
        let (verificationMaterial, materialCursor) = try VerificationMaterial.parse(material, known: known)

        var entries: [TransparencyLogEntry] = []
        if let list = try ProtoJSON.field(material, "tlogEntries") {
            let items = try list.array()
            guard items.count <= limits.maxSigstoreTlogEntries else {
                throw list.error(
                    .sigstoreBundleLimitExceeded, "the bundle has more transparency log entries than allowed",
                    details: ["limit": String(limits.maxSigstoreTlogEntries), "actual": String(items.count)])
            }
            for item in items {
                entries.append(try TransparencyLogEntry.parse(item, limits: limits))
            }
        }

        var timestamps: [([UInt8], JSONCursor)] = []
        if let data = try ProtoJSON.field(material, "timestampVerificationData"),
            let list = try ProtoJSON.field(data, "rfc3161Timestamps")
        {
            let items = try list.array()
            guard items.count <= limits.maxSigstoreTimestamps else {
                throw list.error(
                    .sigstoreBundleLimitExceeded, "the bundle has more RFC 3161 timestamps than allowed",
                    details: ["limit": String(limits.maxSigstoreTimestamps), "actual": String(items.count)])
            }
            for item in items {
                let signed = try ProtoJSON.required(item, "signedTimestamp")
                timestamps.append((try ProtoJSON.bytes(signed, code: .sigstoreBundleBase64Invalid), signed))
            }
        }

        let content: BundleContent
        switch (try ProtoJSON.field(root, "messageSignature"), try ProtoJSON.field(root, "dsseEnvelope")) {
        case (let message?, nil): content = .messageSignature(try MessageSignature.parse(message))
        case (nil, let envelope?): content = .dsseEnvelope(try DSSEEnvelope.parse(envelope))
        case (.some, .some):
            throw root.error(.sigstoreBundleMalformed, "the bundle has both a message signature and a DSSE envelope")
        case (nil, nil):
            throw root.error(.sigstoreBundleMalformed, "the bundle has neither a message signature nor a DSSE envelope")
        }
        return UnverifiedBundle(
            input: input, mediaType: mediaType, version: version, verificationMaterial: verificationMaterial,
            materialCursor: materialCursor, tlogEntries: entries, timestamps: timestamps, content: content, root: root)
    }

    /// Reads and parses a bundle file.
    public static func load(
        path: String, limits: Limits = .default, known: KnownCertificates = .none
    ) throws(FindingError) -> UnverifiedBundle {
        try parse(try LocalFile.read(path, maxBytes: limits.maxJSONBytes), input: path, limits: limits, known: known)
    }
}
