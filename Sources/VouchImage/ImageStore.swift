import Foundation
import VouchCore
import VouchOCI

/// Where an image and what is attached to it are read from: a registry, an image layout or a `dir:` image.
///
/// Every implementation hands out only content checked against its digest and size, and lists attachments
/// without ever turning a failed listing into an empty one: what could not be listed is in
/// ``AttachmentListing/failures``.
public protocol ImageStore: Sendable {
    /// How reports name the source (the target as given).
    var name: String { get }

    /// The image the target names, checked.
    func resolve() async throws(FindingError) -> CheckedManifest

    /// A manifest a descriptor names (a child of an index), checked for digest and size.
    func manifest(_ descriptor: Descriptor, at location: SourceLocation) async throws(FindingError) -> CheckedManifest

    /// A small blob (a signature payload, a bundle), checked for digest and size. `attachment` is the attachment
    /// the blob belongs to, when it is one (a registry reads it from the attachment's repository).
    func blob(
        _ descriptor: Descriptor, of attachment: Attachment?, at location: SourceLocation
    ) async throws(FindingError) -> Data

    /// Whether ``checkContent(of:)`` checks anything (a registry store only fetches blobs when asked to).
    var checksContent: Bool { get }

    /// Checks the digest and size of every blob and child manifest below `manifest`; every defect found.
    func checkContent(of manifest: CheckedManifest) async -> [Finding]

    /// Everything attached to the manifest with `digest`: cosign's `.sig`, `.att` and `.sbom` images, OCI 1.1
    /// referrers (API or fallback tag), `cosign save` entries, `dir:` signature files.
    func attachments(of digest: Digest) async -> AttachmentListing

    /// How findings name the manifest with `digest`.
    func input(for digest: Digest) -> String
}

/// What was found attached to one manifest, and whether the list is complete.
public struct AttachmentListing: Sendable {
    public var attachments: [Attachment]
    /// How the list was obtained (the referrers fallback tag, signature files that are not cosign's).
    public var notes: [Finding]
    /// What could not be listed or read; when not empty the image's signatures are unknown, not absent.
    public var failures: [Finding]

    public init(attachments: [Attachment] = [], notes: [Finding] = [], failures: [Finding] = []) {
        self.attachments = attachments
        self.notes = notes
        self.failures = failures
    }
}

/// One thing attached to an image.
public struct Attachment: Sendable {
    /// What kind of attachment it is.
    public enum Role: Sendable, Hashable {
        /// A cosign signature image (`sha256-<hex>.sig`, `cosign save` kind `sigs`): each layer a signature.
        case signatures
        /// A cosign attestation image (`.att`, kind `atts`): each layer a DSSE envelope.
        case attestations
        /// A cosign SBOM attachment (`.sbom`).
        case sbom
        /// An OCI 1.1 referrer with this artifact type (`application/vnd.dev.sigstore.bundle.v0.3+json` for
        /// cosign v3 signatures and attestations).
        case referrer(artifactType: String?)
        /// A `dir:` signature file (`signature-N`).
        case signatureFile
    }

    public var role: Role
    /// How it was found: `tag sha256-….sig`, `referrer`, `cosign save (sigs)`, `signature-1`.
    public var origin: String
    /// The attachment's manifest; `nil` for a signature file.
    public var manifest: CheckedManifest?
    /// A `dir:` signature file.
    public var signatureFile: SigstoreSignatureFile?
    /// Where the manifest or file is, for findings.
    public var location: SourceLocation
    /// The registry repository holding it (`--signature-repository`, or the image's).
    public var repository: ImageReference?
    /// Why it could not be read, when it could not (a damaged signature file): it still counts, and fails.
    public var problems: [Finding]

    public init(
        role: Role, origin: String, manifest: CheckedManifest? = nil, signatureFile: SigstoreSignatureFile? = nil,
        location: SourceLocation, repository: ImageReference? = nil, problems: [Finding] = []
    ) {
        self.role = role
        self.origin = origin
        self.manifest = manifest
        self.signatureFile = signatureFile
        self.location = location
        self.repository = repository
        self.problems = problems
    }

    /// How findings name a blob of this attachment: in its own repository when it has one.
    func input(for digest: Digest, in store: some ImageStore) -> String {
        repository.map { $0.with(digest: digest).description } ?? store.input(for: digest)
    }

    /// The cosign v3 / Sigstore bundle artifact type.
    public static let bundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json"
}
