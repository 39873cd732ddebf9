import Foundation
import Testing
import VouchCore
import VouchOCI
import VouchTestSupport

/// Against Debian's docker-registry (distribution 2.8.2) on 127.0.0.1, populated with skopeo from the fixtures.
/// These tests fail, with the reason, when docker-registry or skopeo is not installed.
@Suite("real registry", .serialized)
struct RegistryTests {
    static func populate(_ registry: LocalRegistry) throws -> String {
        let signedIndex = try LayoutTamperTests.json(TestPaths.fixture("oci/signed/index.json").path)
        let tags = (signedIndex["manifests"] as! [[String: Any]]).map {
            ($0["annotations"] as! [String: String])["org.opencontainers.image.ref.name"]!
        }
        for tag in tags { try registry.push(fixture: "signed", tag: tag, to: "vouch/signed") }
        try registry.push(fixture: "multiarch", tag: "multi", to: "vouch/multi")
        return "\(registry.hostPort)/vouch/signed:1.0"
    }

    @Test("resolve, tags, referrers via the fallback tag, pull with signatures, fsck")
    func anonymous() async throws {
        let registry = try LocalRegistry()
        let text = try Self.populate(registry)
        let client = try registry.client()
        let reference = try ImageReference(parsing: text)
        #expect(try await client.resolve(reference).descriptor.digest.description == imageDigest)
        #expect(Set(try await client.tags(reference)).isSuperset(of: ["1.0", "artifact"]))
        let listing = try await client.referrers(reference, of: try Digest(parsing: imageDigest))
        #expect(listing.usedFallbackTag && listing.referrers.count == 1)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try await ImageMirror(client: client).pull(
            reference, to: directory.path + "/pulled",
            options: .init(withSignatures: true))
        let summary = try #require(outcome.value, "\(outcome.findings)")
        #expect(summary.digest.description == imageDigest)
        #expect(summary.attachedTags == [CosignTag.signature.tag(for: try Digest(parsing: imageDigest))])
        #expect(summary.referrers.count == 1)
        #expect(try await LayoutChecker().check(directory.path + "/pulled").isVerified)
        let layout = try ImageLayout(at: directory.path + "/pulled")
        #expect(
            try layout.resolve(LayoutReference(path: layout.path, tag: "1.0")).descriptor.digest.description
                == imageDigest)

        // Pulling again reuses what is there, checked.
        let again = try await ImageMirror(client: client).pull(reference, to: directory.path + "/pulled")
        #expect(again.value?.downloadedBytes == 0)

        let multi = try ImageReference(parsing: "\(registry.hostPort)/vouch/multi:multi")
        let arm = try await ImageMirror(client: client).pull(
            multi, to: directory.path + "/arm",
            options: .init(platform: Platform(parsing: "linux/arm64")))
        #expect(arm.value?.mediaType == MediaType.ociManifest)
        let all = try await ImageMirror(client: client).pull(multi, to: directory.path + "/all")
        #expect(all.value?.digest.description == multiDigest && all.value?.manifests == 3)
        #expect(try await LayoutChecker().check(directory.path + "/all").isVerified)
    }

    @Test("htpasswd Basic auth: refused without credentials, works with docker config credentials")
    func basicAuth() async throws {
        let registry = try LocalRegistry(basicAuth: true)
        let text = try Self.populate(registry)
        let reference = try ImageReference(parsing: text)
        #expect(
            await thrownFindings { try await registry.client().resolve(reference) }.first?.code
                == .ociRegistryUnauthorized)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let auth = Data("vouch:secret".utf8).base64EncodedString()
        try #"{"auths":{"http://\#(registry.hostPort)":{"auth":"\#(auth)"}}}"#.write(
            toFile: directory.path + "/config.json", atomically: true, encoding: .utf8)
        let credentials = try RegistryCredentials.load(environment: ["DOCKER_CONFIG": directory.path])
        let client = try registry.client(credentials: credentials)
        #expect(try await client.resolve(reference).descriptor.digest.description == imageDigest)
        let outcome = try await ImageMirror(client: client).pull(
            reference, to: directory.path + "/l",
            options: .init(withSignatures: true))
        #expect(outcome.isVerified, "\(outcome.findings)")

        // The CLI takes the same credentials from DOCKER_CONFIG.
        let run = try VouchProcess.run(
            ["oci", "resolve", text, "--insecure-registry", registry.hostPort],
            environment: ["DOCKER_CONFIG": directory.path])
        #expect(run.status == 0 && run.stdout == imageDigest + "\n", "\(run.stderr)")
    }
}
