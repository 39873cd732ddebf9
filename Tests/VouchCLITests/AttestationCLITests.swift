import Foundation
import Testing
import VouchTestSupport

@Suite("vouch verify attestation")
struct AttestationCLITests {
    let attest = TestPaths.fixture("attest")

    @Test("a securesystemslib envelope verifies with its key, the artifact and the provenance requirements")
    func verifies() throws {
        let run = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "p384-slsa1.dsse.json", "--artifact", "artifact.txt", "--type",
             "slsaprovenance1", "--key", "p384.pub", "--source-uri", "github.com/org/repo", "--builder-id",
             "https://example.com/builders/vouch-fixture@v1", "--format", "json"],
            in: attest)
        #expect(run.status == 1, "example.com/org/repo is not github.com/org/repo")
        let good = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "p384-slsa1.dsse.json", "--artifact", "artifact.txt", "--type",
             "slsaprovenance1", "--key", "p384.pub", "--source-uri", "example.com/org/repo", "--source-tag", "v1.0.0"],
            in: attest)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("Verified p384-slsa1.dsse.json: https://slsa.dev/provenance/v1"))
    }

    @Test("every line of a .intoto.jsonl must verify; one bad line fails the command and is named")
    func jsonl() throws {
        let good = try String(contentsOf: attest.appendingPathComponent("p256-spdx.dsse.json"), encoding: .utf8)
        let bad = try String(contentsOf: attest.appendingPathComponent("neg-wrong-key.dsse.json"), encoding: .utf8)
        func line(_ text: String) throws -> String {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-\(UUID().uuidString).intoto.jsonl")
        try Data((try line(good) + "\n" + (try line(good)) + "\n").utf8).write(to: file)
        let base = ["verify", "attestation", "--envelope", file.path, "--artifact", "artifact.txt", "--key", "p256.pub"]
        #expect(try VouchProcess.run(base + ["--type", "spdx"], in: attest).status == 0)
        let mismatch = try VouchProcess.run(base + ["--type", "cyclonedx"], in: attest)
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("attest.predicate.type-mismatch"))
        try Data((try line(good) + "\n" + (try line(bad)) + "\n").utf8).write(to: file)
        let mixed = try VouchProcess.run(base + ["--type", "spdx"], in: attest)
        #expect(mixed.status == 1)
        #expect(mixed.stdout.contains("FAILED \(file.path):2"))
    }

    @Test("usage errors exit 64")
    func usage() throws {
        let noKey = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "p256-spdx.dsse.json", "--artifact", "artifact.txt", "--type", "spdx"], in: attest)
        #expect(noKey.status == 64)
        let both = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "x", "--artifact", "a", "--digest", "sha256:00", "--type", "spdx", "--key", "k"],
            in: attest)
        #expect(both.status == 64)
        let threshold = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "x", "--artifact", "a", "--type", "spdx", "--key", "k", "--threshold", "2"],
            in: attest)
        #expect(threshold.status == 64)
    }
}

@Suite("vouch verify attestation with Sigstore bundles")
struct AttestationBundleCLITests {
    static let identity =
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"

    @Test("a keyless DSSE bundle from sigstore-conformance verifies as SLSA provenance; identity and type are enforced")
    func keylessBundle() throws {
        let directory = try TestPaths.externalSuite("sigstore-conformance").appendingPathComponent(
            "cases/intoto-with-custom-trust-root")
        let base = [
            "verify", "attestation", "--bundle", "bundle.sigstore.json", "--trusted-root", "trusted_root.json",
            "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
        ]
        let good = try VouchProcess.run(
            base + ["--artifact", "artifact", "--type", "slsaprovenance", "--certificate-identity", Self.identity],
            in: directory)
        #expect(good.status == 0, "\(good.stderr)")
        let wrongType = try VouchProcess.run(
            base + ["--artifact", "artifact", "--type", "spdx", "--certificate-identity", Self.identity], in: directory)
        #expect(wrongType.status == 1)
        #expect(wrongType.stderr.contains("attest.predicate.type-mismatch"))
        let wrongIdentity = try VouchProcess.run(
            base + ["--artifact", "artifact", "--type", "slsaprovenance", "--certificate-identity", "someone"],
            in: directory)
        #expect(wrongIdentity.status == 1)
        #expect(wrongIdentity.stderr.contains("sigstore.identity.san-mismatch"))
        let otherArtifact = try VouchProcess.run(
            base + ["--digest", "sha256:" + String(repeating: "0", count: 64), "--type", "slsaprovenance",
                    "--certificate-identity", Self.identity], in: directory)
        #expect(otherArtifact.status == 1)
    }
}
