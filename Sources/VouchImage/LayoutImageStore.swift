import Foundation
import VouchCore
import VouchOCI

/// An image in an OCI image layout, and what the layout holds for it.
///
/// Attachments are found three ways, each manifest counted once:
/// - entries of `index.json` tagged `sha256-<hex>.sig`, `.att` or `.sbom` (as `vouch oci pull --with-signatures`
///   and `skopeo copy` of those tags write them);
/// - `cosign save` entries (annotation `kind` = `dev.cosignproject.cosign/sigs` or `…/atts`), which belong to the
///   layout's image entry (`…/image` or `…/imageIndex`);
/// - referrers: entries whose manifest names the image as `subject`, and the manifests of the referrers fallback
///   index tagged `sha256-<hex>`.
public struct LayoutImageStore: ImageStore {
    public let layout: ImageLayout
    public let reference: LayoutReference
    public let limits: Limits

    public init(_ reference: LayoutReference, limits: Limits = .default) throws(FindingError) {
        self.layout = try ImageLayout(at: reference.path, limits: limits)
        self.reference = reference
        self.limits = limits
    }

    public var name: String { reference.description }

    public var checksContent: Bool { true }

    public func resolve() async throws(FindingError) -> CheckedManifest {
        CheckedManifest(try layout.resolve(reference))
    }

    public func manifest(
        _ descriptor: Descriptor, at location: SourceLocation
    ) async throws(FindingError) -> CheckedManifest {
        CheckedManifest(try layout.readManifest(descriptor, at: location))
    }

    public func blob(
        _ descriptor: Descriptor, of attachment: Attachment?, at location: SourceLocation
    ) async throws(FindingError) -> Data {
        try layout.readSmallBlob(descriptor, at: location)
    }

    public func checkContent(of manifest: CheckedManifest) async -> [Finding] {
        let layout = self.layout
        return await ContentWalk(limits: limits).run(
            from: manifest, input: { layout.blobInput($0) },
            readManifest: { descriptor, location throws(FindingError) in
                CheckedManifest(try layout.readManifest(descriptor, at: location))
            },
            checkBlob: { descriptor, location in layout.verifyBlob(descriptor, at: location) })
    }

    public func input(for digest: Digest) -> String { layout.blobInput(digest) }

    public func attachments(of digest: Digest) async -> AttachmentListing {
        var listing = AttachmentListing()
        var seen: Set<Digest> = []
        let entries = layout.indexEntries.map {
            (descriptor: $0.descriptor, location: SourceLocation(input: layout.indexInput, pointer: $0.pointer))
        }
        func add(_ descriptor: Descriptor, at location: SourceLocation, role: Attachment.Role, origin: String) {
            guard seen.insert(descriptor.digest).inserted else { return }
            do {
                let manifest = CheckedManifest(try layout.readManifest(descriptor, at: location))
                listing.attachments.append(
                    Attachment(
                        role: role, origin: origin, manifest: manifest,
                        location: SourceLocation(input: input(for: descriptor.digest))))
            } catch {
                listing.failures += error.findings
            }
        }
        // cosign's tags.
        let tags: [(String, Attachment.Role)] = [
            (CosignTag.signature.tag(for: digest), .signatures),
            (CosignTag.attestation.tag(for: digest), .attestations),
            (CosignTag.sbom.tag(for: digest), .sbom),
        ]
        for (tag, role) in tags {
            for entry in entries where entry.descriptor.refName == tag {
                add(entry.descriptor, at: entry.location, role: role, origin: "tag \(tag)")
            }
        }
        // `cosign save`: the sigs and atts entries belong to the entry marked as the image.
        let kind = ImageLayout.cosignKindAnnotation
        if entries.contains(where: {
            $0.descriptor.digest == digest
                && ($0.descriptor.annotations[kind].map(ImageLayout.cosignImageKinds.contains) ?? false)
        }) {
            for entry in entries {
                switch entry.descriptor.annotations[kind] {
                case CosignTag.signature.kind?:
                    add(entry.descriptor, at: entry.location, role: .signatures, origin: "cosign save (sigs)")
                case CosignTag.attestation.kind?:
                    add(entry.descriptor, at: entry.location, role: .attestations, origin: "cosign save (atts)")
                default: break
                }
            }
        }
        // Referrers: the fallback index, then any entry whose manifest names the image as its subject.
        let fallback = RegistryClient.fallbackTag(for: digest)
        var candidates: [(Descriptor, SourceLocation)] = []
        for entry in entries where entry.descriptor.refName == fallback {
            do {
                let index = try layout.readManifest(entry.descriptor, at: entry.location)
                for child in index.manifest.children {
                    candidates.append(
                        (
                            child.descriptor,
                            SourceLocation(input: input(for: entry.descriptor.digest), pointer: child.pointer)
                        ))
                }
            } catch {
                listing.failures += error.findings
            }
        }
        candidates += entries.filter { !seen.contains($0.descriptor.digest) && $0.descriptor.digest != digest }
            .map { ($0.descriptor, $0.location) }
        for (descriptor, location) in candidates where !seen.contains(descriptor.digest) {
            guard MediaType.kind(of: descriptor.mediaType) != nil else { continue }
            let manifest: CheckedManifest
            do {
                manifest = CheckedManifest(try layout.readManifest(descriptor, at: location))
            } catch {
                listing.failures += error.findings
                continue
            }
            guard manifest.manifest.subject?.digest == digest else { continue }
            seen.insert(descriptor.digest)
            listing.attachments.append(
                Attachment(
                    role: .referrer(artifactType: manifest.manifest.artifactType ?? descriptor.artifactType),
                    origin: "referrer", manifest: manifest,
                    location: SourceLocation(input: input(for: descriptor.digest))))
        }
        return listing
    }
}
