import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI
import VouchTestSupport

@Suite("image layouts")
struct LayoutTests {
    @Test("committed fixtures fsck clean", arguments: ["image", "multiarch", "signed"])
    func clean(name: String) async throws {
        let outcome = try await LayoutChecker().check(TestPaths.fixture("oci/\(name)").path)
        #expect(outcome.isVerified, "\(outcome.findings)")
    }

    @Test("resolve by tag, digest, platform and nested digest")
    func resolve() throws {
        let image = try ImageLayout(at: TestPaths.fixture("oci/image").path)
        #expect(
            try image.resolve(LayoutReference(path: image.path, tag: "1.0")).descriptor.digest.description
                == imageDigest)
        #expect(try image.resolve(LayoutReference(path: image.path)).descriptor.digest.description == imageDigest)
        #expect(findingCode { try image.resolve(LayoutReference(path: image.path, tag: "2.0")) } == .ociTagNotFound)

        let multi = try ImageLayout(at: TestPaths.fixture("oci/multiarch").path)
        let index = try multi.resolve(LayoutReference(path: multi.path, tag: "multi"))
        #expect(index.descriptor.digest.description == multiDigest)
        guard case .index(let list) = index.manifest else {
            Issue.record("expected an index")
            return
        }
        let arm = try list.manifest(for: #require(Platform(parsing: "linux/arm64")), input: "x")
        let nested = try multi.resolve(LayoutReference(path: multi.path, digest: arm.descriptor.digest))
        #expect(nested.manifest.kind == .ociManifest)
        #expect(
            findingCode { try list.manifest(for: Platform(os: "linux", architecture: "s390x"), input: "x") }
                == .ociPlatformNotFound)

        let signed = try ImageLayout(at: TestPaths.fixture("oci/signed").path)
        #expect(findingCode { try signed.resolve(LayoutReference(path: signed.path)) } == .ociTagAmbiguous)
        let artifact = try signed.resolve(LayoutReference(path: signed.path, tag: "artifact"))
        #expect(artifact.manifest.subject?.digest.description == imageDigest)
    }

    @Test("not a layout, unsupported version")
    func notALayout() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try await LayoutChecker().check(directory.path).findings.map(\.code) == [.ociLayoutNotALayout])
        try #"{"imageLayoutVersion":"2.0.0"}"#.write(
            toFile: directory.path + "/oci-layout", atomically: true, encoding: .utf8)
        #expect(try await LayoutChecker().check(directory.path).findings.map(\.code) == [.ociLayoutVersionUnsupported])
        await #expect(throws: FindingError.self) { try await LayoutChecker().check(directory.path + "/missing") }
    }
}

/// One defect per case, made in a temporary copy of a fixture; each must give its own code, at the file holding the
/// descriptor and the descriptor's JSON pointer, and the layout must not verify.
@Suite("tampered layouts")
struct LayoutTamperTests {
    /// Loads a JSON file as a mutable Foundation object.
    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func write(_ object: Any, to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    static func blob(_ layout: String, _ digest: String) -> String {
        "\(layout)/blobs/sha256/\(digest.dropFirst("sha256:".count))"
    }

    /// The image manifest of the `image` fixture, parsed.
    static func manifest(_ layout: String) throws -> [String: Any] {
        try json(blob(layout, imageDigest))
    }

    /// Rewrites the image manifest and re-seals the chain (new blob, index.json updated), so the only defect left
    /// is the one the test made inside the manifest.
    static func reseal(_ layout: String, _ change: (inout [String: Any]) -> Void) throws {
        var manifest = try manifest(layout)
        change(&manifest)
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys])
        let digest = Digest.of(data, using: .sha256)
        try data.write(to: URL(fileURLWithPath: blob(layout, digest.description)))
        try FileManager.default.removeItem(atPath: blob(layout, imageDigest))
        var index = try json(layout + "/index.json")
        var entries = index["manifests"] as! [[String: Any]]
        entries[0]["digest"] = digest.description
        entries[0]["size"] = data.count
        index["manifests"] = entries
        try write(index, to: layout + "/index.json")
    }

    func check(_ layout: String, limits: Limits = .default) async throws -> [Finding] {
        let outcome = try await LayoutChecker(limits: limits).check(layout)
        #expect(!outcome.isVerified)
        return outcome.findings.filter { $0.severity == .error }
    }

    @Test("layer content changed")
    func layerChanged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let layer = (try Self.manifest(layout)["layers"] as! [[String: Any]])[1]["digest"] as! String
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.blob(layout, layer)))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: Self.blob(layout, layer)))
        let findings = try await check(layout)
        #expect(findings.map(\.code) == [.ociBlobDigestMismatch])
        #expect(findings[0].location.input == Self.blob(layout, imageDigest))
        #expect(findings[0].location.pointer?.description == "/layers/1")
    }

    @Test("manifest rewritten in place")
    func manifestRewritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let path = Self.blob(layout, imageDigest)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"size\":106", with: "\"size\":107").write(
            toFile: path, atomically: true, encoding: .utf8)
        let findings = try await check(layout)
        #expect(findings.first?.code == .ociManifestDigestMismatch)
        #expect(findings.first?.location.input == layout + "/index.json")
        #expect(findings.first?.location.pointer?.description == "/manifests/0")
    }

    @Test("layer size off by one in its descriptor, content intact")
    func sizeOffByOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try Self.reseal(layout) { manifest in
            var layers = manifest["layers"] as! [[String: Any]]
            layers[0]["size"] = (layers[0]["size"] as! Int) + 1
            manifest["layers"] = layers
        }
        let findings = try await check(layout)
        #expect(findings.map(\.code) == [.ociBlobSizeMismatch])
        #expect(findings[0].location.pointer?.description == "/layers/0")
        #expect(findings[0].details["expected"] == String(107) && findings[0].details["actual"] == "106")
    }

    @Test("child manifest of an index missing")
    func childMissing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "multiarch")
        let index = try Self.json(Self.blob(layout, multiDigest))
        let child = (index["manifests"] as! [[String: Any]])[1]["digest"] as! String
        try FileManager.default.removeItem(atPath: Self.blob(layout, child))
        let findings = try await check(layout)
        #expect(
            findings.contains {
                $0.code == .ociManifestMissing && $0.location.pointer?.description == "/manifests/1"
                    && $0.location.input == Self.blob(layout, multiDigest)
            })
        #expect(!findings.contains { $0.code == .ociManifestDigestMismatch })
    }

    @Test("digest with ../ refused before any path is built")
    func digestEscape() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try Self.reseal(layout) { manifest in
            var layers = manifest["layers"] as! [[String: Any]]
            layers[1]["digest"] = "sha256:../../../../../etc/passwd"
            manifest["layers"] = layers
        }
        let findings = try await check(layout)
        #expect(
            findings.contains {
                $0.code == .ociDescriptorPathEscape && $0.location.pointer?.description == "/layers/1/digest"
            })
    }

    @Test("symbolic link leaving the layout")
    func symlinkOut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let layer = (try Self.manifest(layout)["layers"] as! [[String: Any]])[0]["digest"] as! String
        let outside = directory.path + "/outside"
        try FileManager.default.moveItem(atPath: Self.blob(layout, layer), toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: Self.blob(layout, layer), withDestinationPath: outside)
        let findings = try await check(layout)
        #expect(findings.map(\.code).contains(.ociLayoutSymlinkEscape))
        #expect(findings.first { $0.code == .ociLayoutSymlinkEscape }?.location.pointer?.description == "/layers/0")
        // The blobs directory itself pointing away is refused as well.
        let other = try directory.copy(fixture: "image", as: "second")
        try FileManager.default.moveItem(atPath: other + "/blobs", toPath: directory.path + "/elsewhere")
        try FileManager.default.createSymbolicLink(
            atPath: other + "/blobs", withDestinationPath: directory.path + "/elsewhere")
        #expect(try await check(other).map(\.code).contains(.ociLayoutSymlinkEscape))
    }

    @Test("a symbolic link that stays inside is followed")
    func symlinkInside() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try FileManager.default.moveItem(atPath: layout + "/blobs", toPath: layout + "/store")
        try FileManager.default.createSymbolicLink(atPath: layout + "/blobs", withDestinationPath: "store")
        #expect(try await LayoutChecker().check(layout).isVerified)
    }

    @Test("huge index.json")
    func hugeIndex() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        var limits = Limits()
        limits.maxManifestBytes = 64 << 10
        let padding = String(repeating: " ", count: 70 << 10)
        let text = try String(contentsOfFile: layout + "/index.json", encoding: .utf8)
        try (text + padding).write(toFile: layout + "/index.json", atomically: true, encoding: .utf8)
        #expect(try await check(layout, limits: limits).map(\.code) == [.ociLayoutIndexTooLarge])
    }

    @Test("deeply nested indexes")
    func deepNesting() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        var index = try Self.json(layout + "/index.json")
        var child = (index["manifests"] as! [[String: Any]])[0]
        child["annotations"] = nil
        for _ in 0..<12 {
            let body = try JSONSerialization.data(
                withJSONObject: [
                    "schemaVersion": 2, "mediaType": MediaType.ociIndex, "manifests": [child],
                ], options: [.sortedKeys])
            let digest = Digest.of(body, using: .sha256)
            try body.write(to: URL(fileURLWithPath: Self.blob(layout, digest.description)))
            child = ["mediaType": MediaType.ociIndex, "digest": digest.description, "size": body.count]
        }
        index["manifests"] = [child]
        try Self.write(index, to: layout + "/index.json")
        let findings = try await check(layout)
        #expect(findings.contains { $0.code == .ociIndexTooDeep })
    }

    @Test("unreferenced blobs: errors, or warnings when allowed; stray files are warnings")
    func unreferenced() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let stray = Data("orphan".utf8)
        try stray.write(to: URL(fileURLWithPath: Self.blob(layout, Digest.of(stray, using: .sha256).description)))
        try Data().write(to: URL(fileURLWithPath: layout + "/blobs/sha256/not-a-digest"))
        let findings = try await check(layout)
        #expect(findings.map(\.code) == [.ociBlobUnreferenced])
        let lenient = try await LayoutChecker(options: .init(allowUnreferenced: true)).check(layout)
        #expect(lenient.isVerified)
        #expect(codes(lenient.findings) == [.ociBlobUnreferenced, .ociLayoutUnexpectedFile])
    }

    @Test("a blob missing, and a malformed index entry next to a good one")
    func missingBlobAndBadEntry() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let config = (try Self.manifest(layout)["config"] as! [String: Any])["digest"] as! String
        try FileManager.default.removeItem(atPath: Self.blob(layout, config))
        var index = try Self.json(layout + "/index.json")
        var entries = index["manifests"] as! [[String: Any]]
        entries.insert(["mediaType": MediaType.ociManifest, "digest": "sha256:XYZ", "size": 1], at: 0)
        index["manifests"] = entries
        try Self.write(index, to: layout + "/index.json")
        let findings = try await check(layout)
        #expect(findings.contains { $0.code == .ociBlobMissing && $0.location.pointer?.description == "/config" })
        #expect(
            findings.contains {
                $0.code == .digestMalformed && $0.location.pointer?.description == "/manifests/0/digest"
            })
    }
}
