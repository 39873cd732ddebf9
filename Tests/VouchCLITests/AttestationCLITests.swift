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

    // MARK: Images

    /// `verify attestation` on a cosign save layout of the oci-cosign suite, with the case's identity and policy.
    static func imageRun(_ id: String, extra: [String] = []) throws -> VouchRun {
        let suite = try TestPaths.externalSuite("oci-cosign")
        let testCase = try #require(try ExternalCase.all(in: "oci-cosign").first { $0.id == id })
        let args = testCase.args
        var arguments = [
            "verify", "attestation", "oci:" + suite.appendingPathComponent(args["layout_dir"] as! String).path,
            "--type", "slsaprovenance", "--certificate-identity", args["certificate_identity"] as! String,
            "--certificate-oidc-issuer", args["certificate_oidc_issuer"] as! String, "--trusted-root",
            suite.appendingPathComponent(args["trusted_root"] as! String).path,
        ]
        for (key, flag) in [
            ("builder_id", "--builder-id"), ("source_uri", "--source-uri"), ("source_tag", "--source-tag"),
            ("source_branch", "--source-branch"),
        ] {
            if let value = args[key] as? String { arguments += [flag, value] }
        }
        return try VouchProcess.run(arguments + extra)
    }

    @Test("an image's SLSA provenance: listed with predicate type, signer and checks; exit 0")
    func imageVerifies() throws {
        let run = try Self.imageRun("slsa-verifier/v1.4.0/valid", extra: ["--print-statement"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.hasPrefix("Verified OK: oci:"))
        #expect(run.stdout.contains("    predicate type: https://slsa.dev/provenance/v0.2"))
        #expect(run.stdout.contains("    signer: uri:https://github.com/slsa-framework/slsa-github-generator/"))
        #expect(run.stdout.contains("    provenance: passed"))
        #expect(run.stdout.contains("\"_type\":\"https://in-toto.io/Statement/v0.1\""))
    }

    @Test("an image whose provenance names another builder or branch: exit 1 with the code of the defect",
          arguments: ["slsa-verifier/v1.10.0/untrusted-builder", "slsa-verifier/v1.8.0/wrong-branch",
                      "slsa-verifier/v1.9.0/tag-required"])
    func imageFails(_ id: String) throws {
        let run = try Self.imageRun(id, extra: ["--format", "json"])
        #expect(run.status == 1)
        let code =
            id.hasSuffix("untrusted-builder") ? "attest.provenance.builder-mismatch"
            : id.hasSuffix("wrong-branch") ? "attest.provenance.branch-mismatch" : "attest.provenance.tag-mismatch"
        #expect(run.stdout.contains(code), "\(run.stdout)")
        #expect(run.stdout.contains("image.attestation.not-verified"))
    }

    @Test("an image and --envelope, --digest or --artifact together are a usage error")
    func imageUsage() throws {
        let run = try VouchProcess.run(
            ["verify", "attestation", "oci:x", "--digest", "sha256:" + String(repeating: "0", count: 64), "--type",
             "slsaprovenance", "--key", "k.pub"])
        #expect(run.status == 64)
    }
}
