import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchOCI
import VouchTestSupport

/// The `cosign save` layouts of ../shared/testsuites/oci-cosign must fsck clean and resolve to the digest
/// slsa-verifier recorded for them; the `dir:` images' manifests must digest as a registry names them.
@Suite("oci-cosign suite")
struct CosignSuiteTests {
    static func layouts() throws -> [(layout: URL, digest: String)] {
        var seen = Set<String>()
        return try ExternalCase.all(in: "oci-cosign").compactMap { entry in
            guard entry.kind == "oci-layout-slsa-provenance", let directory = entry.args["layout_dir"] as? String,
                seen.insert(directory).inserted
            else { return nil }
            let digestFile = try entry.file("digest_file")
            let digest = try String(contentsOf: digestFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
            return (try TestPaths.externalSuite("oci-cosign").appendingPathComponent(directory), digest)
        }
    }

    @Test("every cosign-saved layout fscks clean and resolves to the recorded digest")
    func layouts() async throws {
        let layouts = try Self.layouts()
        #expect(layouts.count >= 5)
        for (url, digest) in layouts {
            let outcome = try await LayoutChecker().check(url.path)
            #expect(outcome.isVerified, "\(url.path): \(outcome.findings)")
            #expect(outcome.findings.isEmpty)
            let layout = try ImageLayout(at: url.path)
            let resolved = try layout.resolve(LayoutReference(path: url.path))
            #expect(resolved.descriptor.digest.description == digest, "\(url.path)")
            // Every entry, the attestations included, reads back checked.
            for entry in layout.index.manifests {
                _ = try layout.resolve(LayoutReference(path: url.path, digest: entry.digest))
            }
        }
    }

    @Test("dir: images: the manifest digest is sha256 of the exact bytes")
    func dirImages() throws {
        for entry in try ExternalCase.all(in: "oci-cosign") where entry.kind == "dir-image-sigstore-signature" {
            let bytes = try Data(contentsOf: try entry.file("manifest"))
            let manifest = try Manifest.parse(bytes, declaredMediaType: nil, input: entry.id)
            #expect(manifest.kind == .dockerManifest || manifest.kind == .ociManifest)
            #expect(Digest.of(bytes, using: .sha256).algorithm == .sha256)
        }
    }
}
