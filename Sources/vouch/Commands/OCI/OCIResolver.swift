import Foundation
import VouchCore
import VouchJSON
import VouchOCI

/// Resolves a command-line reference, layout or registry, to its checked manifest.
struct OCIResolver {
    let registry: RegistryOptions
    let platform: Platform?

    /// The manifest `text` names.
    func resolve(_ text: String) async throws(FindingError) -> VerifiedManifest {
        let reference = try ContentReference(parsing: text)
        var resolved: VerifiedManifest
        switch reference {
        case .layout(let layoutReference):
            let layout = try ImageLayout(at: layoutReference.path)
            resolved = try layout.resolve(layoutReference)
            if let platform, case .index(let index) = resolved.manifest {
                let chosen = try index.manifest(for: platform, input: text)
                resolved = try layout.readManifest(
                    chosen.descriptor,
                    at: SourceLocation(
                        input: layout.blobInput(resolved.descriptor.digest),
                        pointer: .root / "manifests" / chosen.index))
            }
        case .registry(let imageReference):
            let client = try registry.client()
            resolved = try await client.resolve(imageReference)
            if let platform, case .index(let index) = resolved.manifest {
                let chosen = try index.manifest(for: platform, input: text)
                resolved = try await client.manifest(imageReference, descriptor: chosen.descriptor)
            }
        }
        return resolved
    }

    /// The JSON summary of a resolved manifest.
    static func summary(_ reference: String, _ manifest: VerifiedManifest) -> JSONObject {
        var object: JSONObject = [
            "reference": JSONNode(.string(reference)),
            "digest": JSONNode(.string(manifest.descriptor.digest.description)),
            "mediaType": JSONNode(.string(manifest.manifest.kind.mediaType)),
            "size": JSONNode(integerLiteral: manifest.bytes.count),
        ]
        if let artifactType = manifest.manifest.artifactType {
            object["artifactType"] = JSONNode(.string(artifactType))
        }
        if let subject = manifest.manifest.subject { object["subject"] = JSONNode(.string(subject.digest.description)) }
        return object
    }
}
