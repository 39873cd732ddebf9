import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

/// The recorded layouts pushed into a real docker-registry (distribution 2.8.2, no referrers API) on 127.0.0.1 with
/// `skopeo copy` — the image, its `.sig` image and the referrers fallback index — then verified from the registry
/// with `--insecure-registry`: the same verdicts and finding codes as from the layouts. Fails, with the reason, when
/// docker-registry or skopeo is missing.
@Suite("images in a real registry", .serialized)
struct RealRegistryTests {
    /// Fixtures whose expectations must hold from a registry (tampered ones cannot be pushed: skopeo checks).
    static let fixtures = [
        "signed-key", "signed-keyless", "signed-v3", "signed-keys", "multiarch-signed-index",
        "multiarch-signed-child", "neg-payload-digest", "neg-other-key", "neg-media-type", "neg-v3-subject", "unsigned",
    ]

    /// Pushes every tag of a fixture layout into `vouch/<fixture>`.
    static func push(_ fixture: String, to registry: LocalRegistry, repository: String? = nil) throws {
        let layout = TestFixtures.layout(fixture)
        let index = try JSONDocument.parse(
            Data(contentsOf: URL(fileURLWithPath: layout).appendingPathComponent("index.json")), input: "index.json")
        for entry in try index.cursor.required("manifests").array() {
            guard let tag = try entry.optional("annotations")?.optional("org.opencontainers.image.ref.name")?.string()
            else { continue }
            // The referrers fallback index is rewritten by skopeo (it drops `artifactType` from descriptors); the
            // referrer manifests it lists keep their digests.
            let isReferrersIndex = tag.hasPrefix("sha256-") && !tag.contains(".")
            try registry.push(
                layout: layout, tag: tag, to: repository ?? "vouch/\(fixture)", preserveDigests: !isReferrersIndex)
        }
    }

    @Test("the recorded fixtures verify from the registry as from their layouts")
    func sameVerdicts() throws {
        let registry = try LocalRegistry()
        for fixture in Self.fixtures { try Self.push(fixture, to: registry) }
        let expectations = try ImageFixtureTests.loadExpectations().filter { Self.fixtures.contains($0.fixture) }
        #expect(expectations.count >= 20)
        for expectation in expectations {
            var remote = expectation
            let tag = expectation.reference.split(separator: ":").last.map(String.init) ?? "1.0"
            remote.reference = "\(registry.hostPort)/vouch/\(expectation.fixture):\(tag)"
            remote.arguments += ["--insecure-registry", registry.hostPort]
            let run = try ImageCLI.verify(remote, layout: "")
            #expect(run.verdict == expectation.verdict, "\(remote): \(run.stdout) \(run.stderr)")
            #expect(run.status == (expectation.verdict == "verified" ? 0 : 1), "\(remote)")
            for code in expectation.codes {
                #expect(run.codes.contains(code), "\(remote): no \(code) in \(run.codes.sorted())")
            }
        }
    }

    @Test("signatures kept in another repository, blobs fetched with --check-blobs, --offline refuses registries")
    func options() throws {
        let registry = try LocalRegistry()
        try registry.push(layout: TestFixtures.layout("unsigned"), tag: "1.0", to: "vouch/app")
        let sig = "sha256-\(TestFixtures.imageDigest.hex).sig"
        try registry.push(layout: TestFixtures.layout("signed-key"), tag: sig, to: "vouch/signatures")
        let keys = TestPaths.fixture("image/keys").path
        let common = [
            "--key", "\(keys)/cosign.pub", "--trusted-root", TestPaths.fixture("image/trusted_root.json").path,
            "--insecure-registry", registry.hostPort, "--format", "json",
        ]
        let image = "\(registry.hostPort)/vouch/app:1.0"
        let elsewhere = try ImageCLI.run(
            [
                "verify", "image", image, "--signature-repository", "\(registry.hostPort)/vouch/signatures",
                "--check-blobs",
            ]
                + common)
        #expect(elsewhere.status == 0 && elsewhere.verdict == "verified", "\(elsewhere.stdout)")
        #expect(elsewhere.document?["result"]?["contentChecked"]?.node == JSONNode(.bool(true)))
        let here = try ImageCLI.run(["verify", "image", image] + common)
        #expect(here.status == 1 && here.verdict == "unsigned")
        #expect(here.codes.contains("oci.referrers.fallback-tag-schema"))
        let offline = try VouchProcess.run(["verify", "image", image, "--offline"] + common)
        #expect(offline.status == 64)
    }
}
