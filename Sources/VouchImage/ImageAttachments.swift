import Foundation
import VouchAttest
import VouchCore
import VouchOCI
import VouchSigstore

/// Everything attached to one manifest, sorted into image signatures, attestations and the rest.
///
/// - A `.sig` image (or `cosign save` `sigs` entry): each simple-signing layer is a signature; a layer of another
///   media type is noted (`image.signature.media-type-unexpected`) and not counted.
/// - An `.att` image: each DSSE layer is an attestation.
/// - A referrer with the Sigstore bundle artifact type: one bundle layer, read and sorted by its statement's
///   predicate type (`https://sigstore.dev/cosign/sign/v1` is an image signature, anything else an attestation).
///   A referrer that is not one bundle layer, or whose bundle cannot be read, counts as a signature that fails.
/// - A `dir:` signature file: a signature when its media type is simple signing, else noted and not counted.
/// - Anything else (SBOMs, other artifact types) is listed in ``others``.
public struct ImageAttachments: Sendable {
    /// The manifest they are attached to.
    public var digest: Digest
    public var signatures: [AttachedSignature] = []
    public var attestations: [AttachedSignature] = []
    public var others: [Attachment] = []
    public var notes: [Finding] = []
    /// Listing failures: when not empty, more may be attached than was found.
    public var failures: [Finding] = []

    /// Whether every attachment could be listed and read.
    public var isComplete: Bool { failures.isEmpty }

    /// Lists and sorts what is attached to `digest`.
    public static func discover(
        _ digest: Digest, in store: some ImageStore, limits: Limits = .default
    ) async
        -> ImageAttachments
    {
        let listing = await store.attachments(of: digest)
        var result = ImageAttachments(digest: digest, notes: listing.notes, failures: listing.failures)
        for attachment in listing.attachments {
            switch attachment.role {
            case .signatures:
                result.sortLayers(
                    of: attachment, expecting: AttachedSignature.simpleSigningMediaType, as: .imageSignature)
            case .attestations:
                result.sortLayers(of: attachment, expecting: AttachedSignature.dsseMediaType, as: .attestation)
            case .signatureFile:
                result.sortFile(attachment)
            case .referrer(let artifactType) where Self.isBundleType(artifactType ?? ""):
                await result.sortBundle(attachment, store: store, limits: limits)
            case .referrer, .sbom:
                result.others.append(attachment)
            }
        }
        return result
    }

    static func isBundleType(_ mediaType: String) -> Bool {
        let essence = MediaType.essence(of: mediaType)
        return essence == Attachment.bundleArtifactType || essence == "application/vnd.dev.sigstore.bundle+json"
    }

    private mutating func sortLayers(
        of attachment: Attachment, expecting mediaType: String, as kind: AttachedSignature.Kind
    ) {
        guard let manifest = attachment.manifest, case .image(let image) = manifest.manifest else {
            others.append(attachment)
            return
        }
        for (index, layer) in image.layers.enumerated() {
            let location = SourceLocation(input: attachment.location.input, pointer: .root / "layers" / index)
            guard MediaType.essence(of: layer.mediaType) == mediaType else {
                notes.append(
                    Finding(
                        .imageSignatureMediaTypeUnexpected, severity: .warning,
                        "a layer of \(attachment.origin) is '\(layer.mediaType)', not a cosign "
                            + "\(kind == .attestation ? "attestation" : "signature"); it is not counted",
                        at: location, details: ["expected": mediaType, "actual": layer.mediaType]))
                continue
            }
            let entry = AttachedSignature(
                kind: kind, content: .layer(layer, index: index), attachment: attachment, location: location)
            if kind == .attestation { attestations.append(entry) } else { signatures.append(entry) }
        }
    }

    private mutating func sortFile(_ attachment: Attachment) {
        guard let file = attachment.signatureFile else {
            signatures.append(
                AttachedSignature(
                    kind: .imageSignature, content: .unreadable(attachment.problems), attachment: attachment,
                    location: attachment.location))
            return
        }
        guard MediaType.essence(of: file.mimeType) == AttachedSignature.simpleSigningMediaType else {
            notes.append(
                Finding(
                    .imageSignatureMediaTypeUnexpected, severity: .warning,
                    "\(attachment.origin) is '\(file.mimeType)', not a cosign signature; it is not counted",
                    at: SourceLocation(input: file.input, pointer: .root / "mimeType"),
                    details: ["expected": AttachedSignature.simpleSigningMediaType, "actual": file.mimeType]))
            return
        }
        signatures.append(
            AttachedSignature(
                kind: .imageSignature, content: .file(file), attachment: attachment, location: attachment.location))
    }

    private mutating func sortBundle(_ attachment: Attachment, store: some ImageStore, limits: Limits) async {
        func failed(_ findings: [Finding]) {
            signatures.append(
                AttachedSignature(
                    kind: .imageSignature, content: .unreadable(findings), attachment: attachment,
                    location: attachment.location))
        }
        guard let manifest = attachment.manifest, case .image(let image) = manifest.manifest, image.layers.count == 1,
            Self.isBundleType(image.layers[0].mediaType)
        else {
            failed([
                Finding(
                    .imageBundleManifestInvalid,
                    "a Sigstore bundle referrer must be an image manifest with exactly one bundle layer",
                    at: attachment.location)
            ])
            return
        }
        let layer = image.layers[0]
        let location = SourceLocation(input: attachment.location.input, pointer: .root / "layers" / 0)
        let bundle: UnverifiedBundle
        do {
            let bytes = try await store.blob(layer, of: attachment, at: location)
            bundle = try UnverifiedBundle.parse(
                bytes, input: attachment.input(for: layer.digest, in: store), limits: limits)
        } catch {
            failed(error.findings)
            return
        }
        guard case .dsseEnvelope(let envelope) = bundle.content else {
            notes.append(
                Finding(
                    .imageBundleContentUnsupported, severity: .warning,
                    "the bundle of \(attachment.origin) is a message signature, which cannot sign an image; "
                        + "it is not counted",
                    at: attachment.location))
            others.append(attachment)
            return
        }
        // Sorted by the statement as stored; the verifier reads it again, from verified bytes only.
        let predicateType = try? InTotoStatement.parse(envelope.payload, input: bundle.input, limits: limits)
            .predicateType
        let kind: AttachedSignature.Kind =
            predicateType == nil || predicateType == PredicateTypeMatcher.cosignSign ? .imageSignature : .attestation
        let entry = AttachedSignature(
            kind: kind, content: .bundle(bundle, predicateType: predicateType), attachment: attachment,
            location: location)
        if kind == .attestation { attestations.append(entry) } else { signatures.append(entry) }
    }
}
