import Testing
import VouchCore
import VouchOCI
import VouchTestSupport

@Suite("references")
struct ReferenceTests {
    @Test(
        "normalised like docker/distribution",
        arguments: [
            ("alpine", "docker.io/library/alpine:latest"),
            ("alpine:3.20", "docker.io/library/alpine:3.20"),
            ("library/alpine", "docker.io/library/alpine:latest"),
            ("index.docker.io/library/alpine:3", "docker.io/library/alpine:3"),
            ("docker.io/alpine", "docker.io/library/alpine:latest"),
            ("user/app:v1", "docker.io/user/app:v1"),
            ("ghcr.io/org/team/app:1.0", "ghcr.io/org/team/app:1.0"),
            ("localhost/app", "localhost/app:latest"),
            ("localhost:5000/app:dev", "localhost:5000/app:dev"),
            ("127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b:latest"),
            ("[::1]:5000/app:x", "[::1]:5000/app:x"),
            ("Registry.Example/app", "Registry.Example/app:latest"),
            ("my-reg.example.com/a__b/c-d.e:T_1.2-3", "my-reg.example.com/a__b/c-d.e:T_1.2-3"),
            (
                "alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                "docker.io/library/alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000"
            ),
            (
                "ghcr.io/a/b:1@sha256:1111111111111111111111111111111111111111111111111111111111111111",
                "ghcr.io/a/b:1@sha256:1111111111111111111111111111111111111111111111111111111111111111"
            ),
        ])
    func normalised(input: String, expected: String) throws {
        #expect(try ImageReference(parsing: input).description == expected)
    }

    @Test("registry API host for Docker Hub")
    func apiHost() throws {
        #expect(try ImageReference(parsing: "alpine").apiHost == "registry-1.docker.io")
        #expect(try ImageReference(parsing: "localhost:5000/x").apiHost == "localhost:5000")
        #expect(
            try ImageReference(parsing: "x@sha256:" + String(repeating: "a", count: 64)).manifestReference
                == "sha256:" + String(repeating: "a", count: 64))
    }

    @Test(
        "invalid references get a finding, not a guess",
        arguments: [
            "", "Alpine", "docker.io/Library/alpine", "alpine:", "alpine:-x", "alpine::1", "a//b", "a/b/",
            "-a/b", "a..b/c", "a/b_-c", String(repeating: "a", count: 64), "host:99999/a", "exa mple.com/a",
            "alpine:" + String(repeating: "t", count: 129), String(repeating: "a/", count: 128) + "a",
        ])
    func invalid(input: String) {
        #expect(findingCode { try ImageReference(parsing: input) } == .ociReferenceInvalid)
    }

    @Test(
        "malformed digests are refused before use",
        arguments: [
            ("a@sha256:abc", FindingCode.digestMalformed),
            ("a@sha256:" + String(repeating: "A", count: 64), .digestMalformed),
            ("a@md5:" + String(repeating: "a", count: 32), .digestUnsupportedAlgorithm),
            ("a@sha384:" + String(repeating: "a", count: 96), .digestUnsupportedAlgorithm),
            ("a@sha256:../../etc/passwd", .ociDescriptorPathEscape),
        ])
    func badDigests(input: String, code: FindingCode) {
        #expect(findingCode { try ImageReference(parsing: input) } == code)
    }

    @Test("layout references: path, tag, digest")
    func layouts() throws {
        let plain = try LayoutReference(parsing: "oci:/tmp/layout")
        #expect(plain.path == "/tmp/layout" && plain.tag == nil && plain.digest == nil)
        let tagged = try LayoutReference(parsing: "oci:rel/dir:v1.0")
        #expect(tagged.path == "rel/dir" && tagged.tag == "v1.0")
        let withColon = try LayoutReference(parsing: "oci:dir:sha256-abc.sig")
        #expect(withColon.tag == "sha256-abc.sig")
        let digest = "sha256:" + String(repeating: "b", count: 64)
        let pinned = try LayoutReference(parsing: "oci:/x/y@\(digest)")
        #expect(pinned.path == "/x/y" && pinned.digest?.description == digest)
        #expect(findingCode { try LayoutReference(parsing: "oci:") } == .ociReferenceInvalid)
        #expect(findingCode { try LayoutReference(parsing: "oci:dir:bad tag") } == .ociReferenceInvalid)
        #expect(findingCode { try LayoutReference(parsing: "oci:dir@sha256:xyz") } == .digestMalformed)
        guard case .layout = try ContentReference(parsing: "oci:dir") else {
            Issue.record("oci: should be a layout reference")
            return
        }
    }

    @Test("platforms")
    func platforms() throws {
        let arm = try #require(Platform(parsing: "linux/arm64"))
        #expect(arm.isSatisfied(by: Platform(os: "linux", architecture: "arm64", variant: "v8")))
        let v8 = try #require(Platform(parsing: "linux/arm64/v8"))
        #expect(v8.isSatisfied(by: Platform(os: "linux", architecture: "arm64")))
        #expect(!v8.isSatisfied(by: Platform(os: "linux", architecture: "amd64")))
        #expect(Platform(parsing: "linux") == nil)
        #expect(Platform(parsing: "Linux/AMD64") == nil)
    }
}
