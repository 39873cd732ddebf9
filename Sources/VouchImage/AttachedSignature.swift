import VouchCore
import VouchOCI
import VouchSigstore

/// A signature or attestation found on an image, before it is judged: where it is and in which form.
///
/// Image signatures and attestations are found the same way (issue 6 judges the attestations), so both are this
/// type; ``kind`` tells them apart.
public struct AttachedSignature: Sendable {
    public enum Kind: String, Sendable, Hashable {
        /// A cosign image signature: a simple-signing layer, or a v3 bundle with the `cosign/sign/v1` predicate.
        case imageSignature = "signature"
        /// A cosign attestation: a DSSE layer of an `.att` image, or a v3 bundle with another predicate.
        case attestation
    }

    /// The stored form.
    public enum Content: Sendable {
        /// A layer of a `.sig` or `.att` image; the payload blob is read when the signature is judged.
        case layer(Descriptor, index: Int)
        /// A `dir:` signature file, payload embedded.
        case file(SigstoreSignatureFile)
        /// A Sigstore bundle from an OCI 1.1 referrer; `predicateType` of its (unverified) statement.
        case bundle(UnverifiedBundle, predicateType: String?)
        /// Something that should be a signature but cannot be read: it counts, and it fails.
        case unreadable([Finding])
    }

    public var kind: Kind
    public var content: Content
    public var attachment: Attachment
    /// The layer descriptor or the file, for findings.
    public var location: SourceLocation

    /// How reports name it: `tag sha256-….sig, layer 0`, `referrer sha256:…`, `signature-1`.
    public var origin: String {
        switch content {
        case .layer(_, let index): "\(attachment.origin), layer \(index)"
        case .bundle: "\(attachment.origin) \(attachment.manifest?.descriptor.digest.description ?? "")"
        case .file, .unreadable: attachment.origin
        }
    }

    /// The cosign simple-signing layer media type.
    public static let simpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
    /// The layer media type of cosign attestations.
    public static let dsseMediaType = "application/vnd.dsse.envelope.v1+json"
}
