import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchOCI
import VouchTestSupport

/// The built `vouch` binary: output, exit codes and `--format json`.
@Suite("vouch oci commands")
struct OCICLITests {
    static let image = TestPaths.fixture("oci/image").path

    @Test("fsck: 0 when clean, 1 on a defect, 2 when unreadable, JSON structured")
    func fsck() throws {
        let clean = try VouchProcess.run(["oci", "fsck", Self.image])
        #expect(clean.status == 0 && clean.stdout.contains(": ok ("))

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        try Data("x".utf8).write(
            to: URL(fileURLWithPath: layout + "/blobs/sha256/" + String(repeating: "0", count: 64)))
        let dirty = try VouchProcess.run(["oci", "fsck", layout])
        #expect(dirty.status == 1 && dirty.stderr.contains("error[oci.blob.unreferenced]"))
        #expect(try VouchProcess.run(["oci", "fsck", "--allow-unreferenced", layout]).status == 0)

        #expect(try VouchProcess.run(["oci", "fsck", directory.path + "/absent"]).status == 2)

        let json = try VouchProcess.run(["oci", "fsck", "--format", "json", layout])
        let document = try JSONDocument.parse(json.stdout.trimmingCharacters(in: .newlines), input: "stdout")
        #expect(try document.cursor.required("exitCode").int() == 1)
        let finding = try document.cursor.required("findings").array()[0]
        #expect(try finding.required("code").string() == "oci.blob.unreferenced")
    }

    @Test("resolve and manifest from layouts")
    func layouts() throws {
        let resolved = try VouchProcess.run(["oci", "resolve", "oci:\(Self.image):1.0"])
        #expect(resolved.status == 0 && resolved.stdout == imageDigest + "\n")
        let platform = try VouchProcess.run([
            "oci", "resolve", "oci:\(TestPaths.fixture("oci/multiarch").path):multi", "--platform", "linux/arm64",
        ])
        #expect(platform.status == 0 && platform.stdout.hasPrefix("sha256:") && platform.stdout != multiDigest + "\n")

        let raw = try VouchProcess.run(["oci", "manifest", "--raw", "oci:\(Self.image):1.0"])
        let blob = try Data(contentsOf: URL(fileURLWithPath: Self.image + "/blobs/sha256/" + imageDigest.dropFirst(7)))
        #expect(Data(raw.stdout.utf8) == blob)
        let pretty = try VouchProcess.run(["oci", "manifest", "oci:\(Self.image):1.0"])
        #expect(pretty.status == 0 && pretty.stdout.contains("\n  \"layers\": ["))
        let json = try VouchProcess.run(["oci", "manifest", "--format", "json", "oci:\(Self.image)"])
        #expect(json.stdout.contains("\"digest\":\"\(imageDigest)\""))

        let missing = try VouchProcess.run(["oci", "resolve", "oci:\(Self.image):nope"])
        #expect(missing.status == 2 && missing.stderr.contains("oci.tag.not-found"))
        let invalid = try VouchProcess.run(["oci", "resolve", "Not/Valid"])
        #expect(invalid.status == 64 && invalid.stderr.contains("oci.reference.invalid"))
        #expect(try VouchProcess.run(["oci", "resolve", "a", "--insecure-registry", "nohostport"]).status == 64)
        #expect(try VouchProcess.run(["oci", "pull", "oci:x", "--to", directoryName()]).status == 64)
    }

    @Test("a tampered manifest exits 1 from resolve")
    func tampered() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = try directory.copy(fixture: "image")
        let path = layout + "/blobs/sha256/" + imageDigest.dropFirst(7)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[10] = UInt8(ascii: " ")
        try bytes.write(to: URL(fileURLWithPath: path))
        let run = try VouchProcess.run(["oci", "resolve", "oci:\(layout):1.0"])
        #expect(run.status == 1 && run.stderr.contains("oci.manifest.digest-mismatch"))
    }

    @Test("digest --oci: sha256 of the exact bytes, and a manifest check")
    func digestOCI() throws {
        let file = Self.image + "/blobs/sha256/" + imageDigest.dropFirst(7)
        let run = try VouchProcess.run(["digest", "--oci", file])
        #expect(run.status == 0 && run.stdout == "\(imageDigest)  \(file)\n")
        let notManifest = try VouchProcess.run(["digest", "--oci", Self.image + "/oci-layout"])
        #expect(notManifest.status == 2)
        for entry in try ExternalCase.all(in: "oci-cosign") where entry.kind == "dir-image-sigstore-signature" {
            let manifest = try entry.file("manifest")
            let result = try VouchProcess.run(["digest", "--oci", manifest.path])
            let expected = try VouchProcess.run(["digest", manifest.path]).stdout.split(separator: " ")[0]
            #expect(result.status == 0 && result.stdout.hasPrefix("sha256:\(expected)"), "\(entry)")
        }
    }

    @Test("pull from a faulty registry: exit 1 on wrong content, 0 from an honest one")
    func pull() throws {
        let server = try FaultyRegistry()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try VouchProcess.run([
            "oci", "pull", "\(server.hostPort)/good/image:1.0", "--to", directory.path + "/good",
            "--insecure-registry", server.hostPort, "--with-signatures",
        ])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try VouchProcess.run(["oci", "fsck", directory.path + "/good"]).status == 0)
        let bad = try VouchProcess.run([
            "oci", "pull", "\(server.hostPort)/wrong-content/image:1.0", "--to", directory.path + "/bad",
            "--insecure-registry", server.hostPort, "--format", "json",
        ])
        #expect(bad.status == 1 && bad.stdout.contains("digest-mismatch"))
        let plain = try VouchProcess.run(["oci", "resolve", "\(server.hostPort)/good/image:1.0"])
        #expect(plain.status == 2)
    }

    private func directoryName() -> String { FileManager.default.temporaryDirectory.path + "/vouch-unused" }
}
