import Foundation
import VouchCore
import VouchOCI

/// An image in a registry, reached through a ``RegistryClient`` (and so through its fetcher: never directly).
///
/// Attachments are looked up in the signature repository (cosign's `COSIGN_REPOSITORY`; by default the image's
/// own): the tags `sha256-<hex>.sig`, `.att` and `.sbom` (a 404 means none), and the referrers (the API, or the
/// fallback tag `sha256-<hex>`). A referrers listing that fails is a failure of the listing, never "none".
public struct RegistryImageStore: ImageStore {
    public let client: RegistryClient
    public let reference: ImageReference
    /// Where signatures and attestations are stored.
    public let signatureRepository: ImageReference
    /// Whether ``checkContent(of:)`` fetches blobs (`--check-blobs`); manifests are always checked.
    public let checksBlobs: Bool

    public init(
        client: RegistryClient, reference: ImageReference, signatureRepository: ImageReference? = nil,
        checksBlobs: Bool = false
    ) {
        self.client = client
        self.reference = reference
        self.signatureRepository = signatureRepository ?? reference.with()
        self.checksBlobs = checksBlobs
    }

    public var name: String { reference.description }

    public var checksContent: Bool { checksBlobs }

    public func resolve() async throws(FindingError) -> CheckedManifest {
        CheckedManifest(try await client.resolve(reference))
    }

    public func manifest(
        _ descriptor: Descriptor, at location: SourceLocation
    ) async throws(FindingError) -> CheckedManifest {
        CheckedManifest(try await client.manifest(reference, descriptor: descriptor, at: location))
    }

    public func blob(
        _ descriptor: Descriptor, of attachment: Attachment?, at location: SourceLocation
    ) async throws(FindingError) -> Data {
        try await client.blob(attachment?.repository ?? reference, descriptor: descriptor, at: location)
    }

    public func input(for digest: Digest) -> String { reference.with(digest: digest).description }

    public func checkContent(of manifest: CheckedManifest) async -> [Finding] {
        guard checksBlobs else { return [] }
        let client = self.client
        let reference = self.reference
        return await ContentWalk(limits: client.configuration.limits).run(
            from: manifest, input: { reference.with(digest: $0).description },
            readManifest: { descriptor, location throws(FindingError) in
                CheckedManifest(try await client.manifest(reference, descriptor: descriptor, at: location))
            },
            checkBlob: { descriptor, location in
                await Self.download(descriptor, from: reference, client: client, at: location)
            })
    }

    /// Streams a blob through its digest into a temporary file that is removed afterwards.
    private static func download(
        _ descriptor: Descriptor, from reference: ImageReference, client: RegistryClient, at location: SourceLocation
    ) async -> [Finding] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-blob-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try await client.download(reference, descriptor: descriptor, to: file, at: location)
            return []
        } catch {
            return error.findings
        }
    }

    public func attachments(of digest: Digest) async -> AttachmentListing {
        var listing = AttachmentListing()
        let repository = signatureRepository
        for (kind, role) in [
            (CosignTag.signature, Attachment.Role.signatures), (.attestation, .attestations), (.sbom, .sbom),
        ] {
            let tag = kind.tag(for: digest)
            do {
                guard let found = try await client.manifestIfPresent(repository, tag: tag) else { continue }
                let manifest = CheckedManifest(found)
                listing.attachments.append(
                    Attachment(
                        role: role, origin: "tag \(tag)", manifest: manifest,
                        location: SourceLocation(
                            input: repository.with(digest: manifest.descriptor.digest).description),
                        repository: repository))
            } catch {
                listing.failures += error.findings
            }
        }
        let referrers: ReferrersListing
        do {
            referrers = try await client.referrers(repository, of: digest)
        } catch {
            listing.failures += error.findings
            return listing
        }
        listing.notes += referrers.notes
        for descriptor in referrers.referrers {
            let input = repository.with(digest: descriptor.digest).description
            do {
                let manifest = CheckedManifest(try await client.manifest(repository, descriptor: descriptor))
                guard manifest.manifest.subject?.digest == digest else {
                    listing.notes.append(
                        Finding(
                            .ociReferrersSubjectMismatch, severity: .warning,
                            "a manifest listed as a referrer does not name this image; it is ignored", input: input,
                            details: [
                                "subject": digest.description,
                                "actual": manifest.manifest.subject?.digest.description ?? "none",
                            ]))
                    continue
                }
                listing.attachments.append(
                    Attachment(
                        role: .referrer(artifactType: manifest.manifest.artifactType ?? descriptor.artifactType),
                        origin: referrers.usedFallbackTag ? "referrer (fallback tag)" : "referrer", manifest: manifest,
                        location: SourceLocation(input: input), repository: repository))
            } catch {
                listing.failures += error.findings
            }
        }
        return listing
    }
}
