import Foundation
import VouchCore
import VouchOCI

/// An in-toto statement BuildKit stored next to an image: a layer of an attestation manifest in the image's index.
///
/// ```
/// index.manifests[i] = { digest: attestation manifest,
///                        annotations: { "vnd.docker.reference.type": "attestation-manifest",
///                                       "vnd.docker.reference.digest": <the platform manifest it is about> } }
/// attestation manifest.layers[j] = { mediaType: "application/vnd.in-toto+json",
///                                    annotations: { "in-toto.io/predicate-type": URI } }   ; a bare statement
/// ```
/// BuildKit does not sign these statements: they are evidence only when the policy accepts unsigned attestations.
public struct BuildKitAttestation: Sendable {
    /// The attestation manifest, as the index names it.
    public let manifest: Descriptor
    /// The layer's index in the attestation manifest.
    public let layer: Int
    /// The statement's bytes, checked against the layer's digest.
    public let statement: [UInt8]
    /// Where the statement is, for findings.
    public let location: SourceLocation
    /// How reports name it.
    public var origin: String { "BuildKit attestation manifest \(manifest.digest), layer \(layer)" }

    /// The index annotation naming an attestation manifest.
    public static let referenceTypeAnnotation = "vnd.docker.reference.type"
    /// The index annotation naming the manifest an attestation manifest is about.
    public static let referenceDigestAnnotation = "vnd.docker.reference.digest"
    /// The value of ``referenceTypeAnnotation`` for attestation manifests.
    public static let attestationManifestType = "attestation-manifest"
    /// The layer media type of a bare in-toto statement.
    public static let statementMediaType = "application/vnd.in-toto+json"

    /// The attestation manifests of `index` about `digest`.
    public static func manifests(in index: ImageIndex, about digest: Digest?) -> [Descriptor] {
        index.manifests.filter { descriptor in
            descriptor.annotations[referenceTypeAnnotation] == attestationManifestType
                && (digest == nil || descriptor.annotations[referenceDigestAnnotation] == digest?.description)
        }
    }

    /// Reads the statements of the attestation manifests of `index` (at `indexDigest`) about `digest`.
    ///
    /// - Returns: the statements, and the findings of manifests or layers that could not be read (they count as
    ///   attestations that fail).
    public static func discover(
        in index: ImageIndex, at indexDigest: Digest, about digest: Digest, store: some ImageStore
    ) async -> (attestations: [BuildKitAttestation], failures: [Finding]) {
        var attestations: [BuildKitAttestation] = []
        var failures: [Finding] = []
        for (position, descriptor) in index.manifests.enumerated()
        where manifests(in: index, about: digest).contains(descriptor) {
            let location = SourceLocation(input: store.input(for: indexDigest), pointer: .root / "manifests" / position)
            do {
                let checked = try await store.manifest(descriptor, at: location)
                guard case .image(let image) = checked.manifest else { continue }
                for (number, layer) in image.layers.enumerated()
                where MediaType.essence(of: layer.mediaType) == statementMediaType {
                    let layerLocation = SourceLocation(
                        input: store.input(for: descriptor.digest), pointer: .root / "layers" / number)
                    let bytes = try await store.blob(layer, of: nil, at: layerLocation)
                    attestations.append(
                        BuildKitAttestation(
                            manifest: descriptor, layer: number, statement: Array(bytes),
                            location: SourceLocation(input: store.input(for: layer.digest))))
                }
            } catch {
                failures += error.findings
            }
        }
        return (attestations, failures)
    }
}
