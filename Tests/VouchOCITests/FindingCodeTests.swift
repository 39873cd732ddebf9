import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchOCI
import VouchTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Layout defects that have a code of their own: a manifest whose descriptor gives the wrong size, more descriptors
/// or files than `Limits.maxLayoutBlobs`, a layout file that is not a regular file, and a layout that cannot be
/// written. Each is made in a temporary copy of a committed fixture and asserted with its code and location.
@Suite("layout finding codes")
struct LayoutFindingCodeTests {
    typealias Tamper = LayoutTamperTests

    /// The error findings of a failed check (warnings such as unreferenced blobs with `allowUnreferenced` dropped).
    func errors(
        _ layout: String, limits: Limits = .default, allowUnreferenced: Bool = false
    ) async throws -> [Finding] {
        let outcome = try await LayoutChecker(limits: limits, options: .init(allowUnreferenced: allowUnreferenced))
            .check(layout)
        #expect(!outcome.isVerified)
        return outcome.findings.filter { $0.severity == .error }
    }

    @Test("oci.manifest.size-mismatch: index.json declares the intact manifest one byte longer")
    func manifestSizeOffByOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        var index = try Tamper.json(layout + "/index.json")
        var entries = index["manifests"] as! [[String: Any]]
        #expect(entries[0]["size"] as? Int == 499)
        entries[0]["size"] = 500
        index["manifests"] = entries
        try Tamper.write(index, to: layout + "/index.json")
        // The manifest is not used, so what it names is unreached: warnings here, the size is the one defect.
        let findings = try await errors(layout, allowUnreferenced: true)
        #expect(findings.map(\.code) == [.ociManifestSizeMismatch])
        #expect(findings.first?.location.input == layout + "/index.json")
        #expect(findings.first?.location.pointer?.description == "/manifests/0")
        #expect(findings.first?.details["expected"] == "500" && findings.first?.details["actual"] == "499")
        #expect(findings.first?.details["path"] == Tamper.blob(layout, imageDigest))
        #expect(!findings.contains { $0.code == .ociManifestDigestMismatch })
    }

    @Test("oci.manifest.size-mismatch: a second entry for the same manifest disagrees on its size")
    func manifestSizeDisagrees() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        var index = try Tamper.json(layout + "/index.json")
        var entries = index["manifests"] as! [[String: Any]]
        var again = entries[0]
        again["size"] = 498
        again["annotations"] = [Descriptor.refNameAnnotation: "again"]
        entries.append(again)
        index["manifests"] = entries
        try Tamper.write(index, to: layout + "/index.json")
        let findings = try await errors(layout)
        #expect(findings.map(\.code) == [.ociManifestSizeMismatch])
        #expect(findings.first?.location.input == layout + "/index.json")
        #expect(findings.first?.location.pointer?.description == "/manifests/1")
        #expect(findings.first?.details["expected"] == "498" && findings.first?.details["actual"] == "499")
    }

    @Test("a wrong size on the first descriptor of a manifest does not make a later, correct one wrong")
    func wrongSizeThenRightSize() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        var index = try Tamper.json(layout + "/index.json")
        var entries = index["manifests"] as! [[String: Any]]
        var right = entries[0]
        right["annotations"] = [Descriptor.refNameAnnotation: "right"]
        entries[0]["size"] = 500
        entries.append(right)
        index["manifests"] = entries
        try Tamper.write(index, to: layout + "/index.json")
        // One finding, for the wrong entry; the right entry is read and walked, so no blob is unreferenced.
        let findings = try await errors(layout)
        #expect(findings.map(\.code) == [.ociManifestSizeMismatch])
        #expect(findings.first?.location.pointer?.description == "/manifests/0")
    }

    @Test("oci.index.too-many-entries: more descriptors below index.json than maxLayoutBlobs")
    func tooManyDescriptors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        // index entry, config, layer 0 fit; layer 1 is the fourth descriptor.
        var limits = Limits()
        limits.maxLayoutBlobs = 3
        let findings = try await errors(layout, limits: limits, allowUnreferenced: true)
        #expect(Set(findings.map(\.code)) == [.ociIndexTooManyEntries])
        let walk = findings.first { $0.location.pointer != nil }
        #expect(walk?.location.input == Tamper.blob(layout, imageDigest))
        #expect(walk?.location.pointer?.description == "/layers/1")
        #expect(walk?.details["limit"] == "3")
    }

    @Test("oci.index.too-many-entries: more files under blobs/ than maxLayoutBlobs, every descriptor within it")
    func tooManyFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try Data("stray".utf8).write(to: URL(fileURLWithPath: layout + "/blobs/sha256/not-a-digest"))
        var limits = Limits()
        limits.maxLayoutBlobs = 4  // exactly the four descriptors of the image; the stray file is the fifth file
        #expect(try await LayoutChecker(limits: limits).check(TestPaths.fixture("oci/image").path).isVerified)
        let findings = try await errors(layout, limits: limits)
        #expect(findings.map(\.code) == [.ociIndexTooManyEntries])
        #expect(findings.first?.location.input == layout + "/blobs")
        #expect(findings.first?.location.pointer == nil)
        #expect(findings.first?.details["limit"] == "4")
    }

    @Test("oci.layout.not-a-file: a layer blob that is a directory")
    func layerIsDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let layer = (try Tamper.manifest(layout)["layers"] as! [[String: Any]])[1]["digest"] as! String
        try FileManager.default.removeItem(atPath: Tamper.blob(layout, layer))
        try FileManager.default.createDirectory(atPath: Tamper.blob(layout, layer), withIntermediateDirectories: false)
        let findings = try await errors(layout)
        #expect(findings.map(\.code) == [.ociLayoutNotAFile])
        #expect(findings.first?.location.input == Tamper.blob(layout, imageDigest))
        #expect(findings.first?.location.pointer?.description == "/layers/1")
        #expect(findings.first?.details["path"] == Tamper.blob(layout, layer))
    }

    @Test("oci.layout.not-a-file: a manifest blob that is a FIFO is refused without being opened")
    func manifestIsFIFO() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let path = Tamper.blob(layout, imageDigest)
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
        // Opening a FIFO would block forever; the check must stop at its type.
        let findings = try await errors(layout, allowUnreferenced: true)
        #expect(findings.map(\.code) == [.ociLayoutNotAFile])
        #expect(findings.first?.location.input == layout + "/index.json")
        #expect(findings.first?.location.pointer?.description == "/manifests/0")
        #expect(findings.first?.details["path"] == path)
    }

    @Test("oci.layout.not-a-file: index.json that is a directory")
    func indexIsDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try FileManager.default.removeItem(atPath: layout + "/index.json")
        try FileManager.default.createDirectory(atPath: layout + "/index.json", withIntermediateDirectories: false)
        #expect(findingCode { try ImageLayout(at: layout) } == .ociLayoutNotAFile)
        let findings = try await errors(layout)
        #expect(findings.map(\.code) == [.ociLayoutNotAFile])
        #expect(findings.first?.location.input == layout + "/index.json")
    }

    @Test("oci.layout.write-failed: the target's parent is a regular file, or the target is one")
    func targetUnwritable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/file"
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        // Root may write anywhere, but nobody can create a directory below a regular file (ENOTDIR).
        let below = file + "/layout"
        #expect(findingCode { try LayoutWriter(path: below) } == .ociLayoutWriteFailed)
        #expect(thrown { try LayoutWriter(path: below) }.first?.location.input == below)
        #expect(findingCode { try LayoutWriter(path: file) } == .ociLayoutWriteFailed)
        #expect(thrown { try LayoutWriter(path: file) }.first?.location.input == file)
        // A non-empty directory that is not a layout is not written into either.
        let occupied = directory.path + "/occupied"
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: false)
        try Data().write(to: URL(fileURLWithPath: occupied + "/keep"))
        #expect(findingCode { try LayoutWriter(path: occupied) } == .ociLayoutWriteFailed)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a directory")
    }

    @Test("oci.layout.write-failed: a blob or index.json cannot be moved into place over a directory")
    func renameFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/layout"
        let writer = try LayoutWriter(path: path)
        let bytes = Data("{}".utf8)
        let digest = Digest.of(bytes, using: .sha256)
        try FileManager.default.createDirectory(
            atPath: writer.blobPath(digest) + "/occupied", withIntermediateDirectories: true)
        let blob = thrown { try writer.write(bytes, as: digest) }
        #expect(blob.map(\.code) == [.ociLayoutWriteFailed])
        #expect(blob.first?.location.input == writer.blobPath(digest))
        // The temporary file is discarded.
        let left = try FileManager.default.contentsOfDirectory(atPath: path + "/blobs/sha256")
        #expect(left == [digest.hex])

        try FileManager.default.createDirectory(
            atPath: path + "/index.json/occupied", withIntermediateDirectories: true)
        let index = thrown { try writer.writeIndex([]) }
        #expect(index.map(\.code) == [.ociLayoutWriteFailed])
        #expect(index.first?.location.input == path + "/index.json")
    }
}

/// The findings of a synchronous throwing call, or an empty list when it succeeded.
func thrown<T>(_ body: () throws -> T) -> [Finding] {
    do {
        _ = try body()
        return []
    } catch let error as FindingError {
        return error.findings
    } catch {
        return [Finding(FindingCode("test.not-a-finding-error"), "\(error)", input: "test")]
    }
}

/// Registry faults that have a code of their own, against scripts/faulty-registry.py on 127.0.0.1: a manifest of
/// another size than its descriptor, blobs over the limits, a registry that mishandles Range, more descriptors than
/// allowed, a pull that cannot write, and a referrers listing with a stray entry.
@Suite("registry finding codes", .serialized)
struct RegistryFindingCodeTests {
    /// 150,000 bytes: three ranges of the smallest chunk a client allows (64 KiB).
    static let bigSize = 150_000

    /// A temporary copy of the image fixture with one extra, unreferenced blob of `bigSize` bytes, served by a new
    /// faulty registry. Returns the server and the blob's descriptor.
    static func bigBlobServer(_ directory: TemporaryDirectory) throws -> (FaultyRegistry, Descriptor) {
        let layout = try directory.copy(fixture: "image")
        let bytes = Data((0..<bigSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
        let digest = Digest.of(bytes, using: .sha256)
        try bytes.write(to: URL(fileURLWithPath: "\(layout)/blobs/sha256/\(digest.hex)"))
        let descriptor = Descriptor(
            mediaType: "application/vnd.oci.image.layer.v1.tar", digest: digest, size: Int64(bigSize))
        return (try FaultyRegistry(path: layout), descriptor)
    }

    func repository(_ server: FaultyRegistry, _ behaviour: String) throws -> ImageReference {
        try ImageReference(parsing: "\(server.hostPort)/\(behaviour)/image")
    }

    /// Downloads into a temporary file; the findings, or none when the blob arrived intact.
    func download(
        _ client: RegistryClient, _ repository: ImageReference, _ descriptor: Descriptor,
        in directory: TemporaryDirectory
    ) async -> [Finding] {
        await thrownFindings {
            try await client.download(
                repository, descriptor: descriptor, to: directory.url.appendingPathComponent(UUID().uuidString))
        }
    }

    @Test("oci.manifest.size-mismatch: the registry's manifest is intact but its descriptor says another size")
    func manifestSize() async throws {
        let server = try FaultyRegistry()
        let client = try server.client()
        let repository = try repository(server, "good")
        let digest = try Digest(parsing: imageDigest)
        let honest = Descriptor(mediaType: MediaType.ociManifest, digest: digest, size: 499)
        #expect(try await client.manifest(repository, descriptor: honest).bytes.count == 499)
        var lying = honest
        lying.size = 500
        let findings = await thrownFindings { try await client.manifest(repository, descriptor: lying) }
        #expect(findings.map(\.code) == [.ociManifestSizeMismatch])
        #expect(findings.first?.location.input == "\(server.hostPort)/good/image@\(imageDigest)")
        #expect(findings.first?.details["expected"] == "500" && findings.first?.details["actual"] == "499")
        // Where the descriptor came from is where the finding points.
        let parent = SourceLocation(input: "parent.json", pointer: try JSONPointer(parsing: "/manifests/2"))
        let located = await thrownFindings { try await client.manifest(repository, descriptor: lying, at: parent) }
        #expect(located.first?.location == parent)
    }

    @Test("oci.blob.too-large: a pulled blob declared larger than maxBlobBytes is not fetched")
    func blobOverMaxBlobBytes() async throws {
        let server = try FaultyRegistry()
        let client = try server.client { $0.maxBlobBytes = 200 }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The config (559 bytes) is over the limit; the layers (106 and 120) are not.
        let outcome = try await ImageMirror(client: client).pull(server.reference("good"), to: directory.path + "/l")
        #expect(!outcome.isVerified)
        let findings = outcome.findings.filter { $0.severity == .error }
        #expect(findings.map(\.code) == [.ociBlobTooLarge])
        let config = "sha256:f63b44fa338b6ea97af30ee38470b68f2709a84ac0d04fd8a7764ad6f5f0fbf6"
        #expect(findings.first?.location.input == "\(server.hostPort)/good/image@\(config)")
        #expect(findings.first?.details["limit"] == "200" && findings.first?.details["size"] == "559")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/l/index.json"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/l/blobs/sha256/" + config.dropFirst(7)))
    }

    @Test("oci.blob.too-large: a registry that ignores Range, with a blob over maxFetchBytes")
    func blobOverMaxFetchBytes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (server, big) = try Self.bigBlobServer(directory)
        // "good" answers every GET with the whole blob (200), Range or not.
        let repository = try repository(server, "good")
        let whole = try server.client(chunk: 64 << 10)
        #expect(await download(whole, repository, big, in: directory).isEmpty)
        let limited = try server.client(chunk: 64 << 10) { $0.maxFetchBytes = 100_000 }
        let findings = await download(limited, repository, big, in: directory)
        #expect(findings.map(\.code) == [.ociBlobTooLarge])
        #expect(findings.first?.location.input == "\(server.hostPort)/good/image@\(big.digest)")
        #expect(findings.first?.details["limit"] == "100000")
        #expect(findings.first?.details["size"] == String(Self.bigSize))
    }

    @Test("oci.registry.range-ignored: a later range answered with other bytes, or with the whole blob")
    func rangeIgnored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (server, big) = try Self.bigBlobServer(directory)
        let client = try server.client(chunk: 64 << 10)
        // A registry that honours Range: three 206 answers, reassembled and checked.
        #expect(await download(client, try repository(server, "ranged"), big, in: directory).isEmpty)

        let shifted = await download(client, try repository(server, "range-shifted"), big, in: directory)
        #expect(shifted.map(\.code) == [.ociRegistryRangeIgnored])
        #expect(shifted.first?.location.input == "\(server.hostPort)/range-shifted/image@\(big.digest)")
        #expect(shifted.first?.details["requested"] == "65536-131071")
        #expect(shifted.first?.details["contentRange"] == "bytes 0-65535/\(Self.bigSize)")

        let once = await download(client, try repository(server, "range-once"), big, in: directory)
        #expect(once.map(\.code) == [.ociRegistryRangeIgnored])
        #expect(once.first?.location.input == "\(server.hostPort)/range-once/image@\(big.digest)")
    }

    @Test("oci.index.too-many-entries: a pulled image with more descriptors than maxLayoutBlobs")
    func pullTooManyDescriptors() async throws {
        let server = try FaultyRegistry()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try server.client { $0.maxLayoutBlobs = 2 }  // config and two layers: three
        let findings = try await thrownOrOutcome {
            try await ImageMirror(client: client).pull(server.reference("good"), to: directory.path + "/l")
        }
        #expect(findings.map(\.code) == [.ociIndexTooManyEntries])
        #expect(findings.first?.location.input == "\(server.hostPort)/good/image@\(imageDigest)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/l/index.json"))
        let enough = try server.client { $0.maxLayoutBlobs = 3 }
        let outcome = try await ImageMirror(client: enough).pull(server.reference("good"), to: directory.path + "/l")
        #expect(outcome.isVerified, "\(outcome.findings)")
    }

    @Test("oci.layout.write-failed: pulling below a regular file, and over a directory where a blob belongs")
    func pullCannotWrite() async throws {
        let server = try FaultyRegistry()
        let client = try server.client()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let below = try await thrownOrOutcome {
            try await ImageMirror(client: client).pull(server.reference("good"), to: file + "/l")
        }
        #expect(below.map(\.code) == [.ociLayoutWriteFailed])
        #expect(below.first?.location.input == file + "/l")
        // A download whose temporary file cannot be created.
        let good = try await client.resolve(server.reference("good"))
        guard case .image(let manifest) = good.manifest else {
            Issue.record("expected an image")
            return
        }
        let unwritable = URL(fileURLWithPath: file + "/blob")
        let download = await thrownFindings {
            try await client.download(server.reference("good"), descriptor: manifest.config, to: unwritable)
        }
        #expect(download.map(\.code) == [.ociLayoutWriteFailed])
        #expect(download.first?.location.input == unwritable.path)

        // A half-written layout (no index.json yet) whose manifest path is taken by a directory.
        let layout = directory.path + "/l"
        _ = try LayoutWriter(path: layout)
        let manifestPath = "\(layout)/blobs/sha256/\(imageDigest.dropFirst(7))"
        try FileManager.default.createDirectory(atPath: manifestPath + "/x", withIntermediateDirectories: true)
        let blocked = try await thrownOrOutcome {
            try await ImageMirror(client: client).pull(server.reference("good"), to: layout)
        }
        #expect(blocked.map(\.code) == [.ociLayoutWriteFailed])
        #expect(blocked.first?.location.input == manifestPath)
        #expect(!FileManager.default.fileExists(atPath: layout + "/index.json"))
    }

    @Test("oci.referrers.subject-mismatch: the referrers listing names a manifest about another subject")
    func referrerSubjectMismatch() async throws {
        let server = try FaultyRegistry(layout: "signed")
        let client = try server.client()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let artifact = "sha256:abb6518c6a342c69ba9a0ae3b10354a9f9e715d39d9e224f91dc79b3bcceb27e"
        // "referrers-all" answers every manifest with a subject, whatever was asked: for the image that is right.
        let image = try await ImageMirror(client: client).pull(
            server.reference("referrers-all"), to: directory.path + "/image", options: .init(withSignatures: true))
        #expect(image.isVerified, "\(image.findings)")
        #expect(image.value?.referrers.map(\.description) == [artifact])

        // For the artifact, the listing holds the artifact itself, whose subject is the image.
        let outcome = try await ImageMirror(client: client).pull(
            server.reference("referrers-all", "artifact"), to: directory.path + "/artifact",
            options: .init(withSignatures: true))
        #expect(!outcome.isVerified)
        let findings = outcome.findings.filter { $0.severity == .error }
        #expect(findings.map(\.code) == [.ociReferrersSubjectMismatch])
        #expect(findings.first?.location.input == "\(server.hostPort)/referrers-all/image@\(artifact)")
        #expect(findings.first?.details["subject"] == artifact)
        #expect(findings.first?.details["actual"] == imageDigest)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/artifact/index.json"))
    }
}
