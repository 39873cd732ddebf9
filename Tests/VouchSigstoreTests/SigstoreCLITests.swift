import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@testable import VouchSigstore

/// The Sigstore commands of the built `vouch` binary: output, findings and exit codes.
@Suite("vouch verify bundle, verify blob --bundle, trusted-root, conformance")
struct SigstoreCLITests {
    static let virtual = TestPaths.fixture("sigstore/virtual")
    static let root = TestPaths.repositoryRoot.appendingPathComponent("trust-roots/vouch-test/trusted_root.json").path
    static let identity = [
        "--certificate-identity", VirtualSigstore.identity, "--certificate-oidc-issuer", VirtualSigstore.issuer,
    ]

    static func file(_ name: String) -> String { virtual.appendingPathComponent(name).path }

    static func verify(_ bundle: String, _ extra: [String] = [], artifact: String? = nil) throws -> VouchRun {
        try VouchProcess.run(
            ["verify", "bundle", artifact ?? file("artifact.txt"), "--bundle", file(bundle), "--trusted-root", root]
                + extra, environment: ["VOUCH_TRUSTED_ROOT": ""])
    }

    @Test("a verified bundle says what was checked and at which times")
    func verified() throws {
        let run = try Self.verify("v0.3-rekor2-timestamp.sigstore.json", Self.identity)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Verified OK: "))
        for expected in [
            "log entry: https://log2026-1.rekor.vouch.test index 517, hashedrekord 0.0.2, Rekor v2",
            "timestamp: 2026-03-01T12:00:01Z by https://timestamp.vouch.test/api/v1/timestamp",
            "chain: to https://fulcio.vouch.test, checked at 2026-03-01T12:00:01Z",
            "SCT: https://ctfe.vouch.test/2026", "trusted root: sha256:",
        ] {
            #expect(run.stdout.contains(expected), "missing '\(expected)' in\n\(run.stdout)")
        }
    }

    @Test("the artifact may be given as its sha256 digest; --format json is structured and canonical")
    func digestAndJSON() throws {
        let digest = Digest.of(try Data(contentsOf: URL(fileURLWithPath: Self.file("artifact.txt"))), using: .sha256)
        let run = try Self.verify(
            "v0.1-hashedrekord.sigstore.json", Self.identity + ["--format", "json"], artifact: digest.description)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "verified")
        let result = try #require(object["result"] as? [String: Any])
        #expect((result["artifact"] as? [String: Any])?["digest"] as? String == digest.description)
        let entries = try #require(result["logEntries"] as? [[String: Any]])
        #expect(entries.first?["inclusionPromise"] as? Bool == true)
        #expect((result["certificate"] as? [String: Any])?["oidcIssuer"] as? String == VirtualSigstore.issuer)
        #expect(run.stdout == String(run.stdout.trimmingCharacters(in: .newlines)) + "\n")
    }

    @Test("a failed verification exits 1 with located findings; JSON lists them")
    func failed() throws {
        let wrong = try Self.verify(
            "v0.3-dsse.sigstore.json",
            ["--certificate-identity", "someone@example.com", "--certificate-oidc-issuer", VirtualSigstore.issuer])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.hasPrefix("Verification FAILED"))
        #expect(wrong.stderr.contains("error[sigstore.identity.san-mismatch]"))
        #expect(wrong.stderr.contains("#/verificationMaterial/certificate"))
        #expect(wrong.stderr.contains("expected=someone@example.com"))

        let noTimestamp = try Self.verify(
            "v0.3-rekor2-no-timestamp.sigstore.json", Self.identity + ["--format", "json"])
        #expect(noTimestamp.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(noTimestamp.stdout.utf8)) as? [String: Any])
        let codes = (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("sigstore.timestamp.required"))
    }

    @Test("unreadable or malformed input exits 2; a missing trusted root is named")
    func couldNotVerify() throws {
        let missing = try Self.verify("no-such.sigstore.json", Self.identity)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("input.unreadable"))

        let notJSON = try VouchProcess.run(
            [
                "verify", "bundle", Self.file("artifact.txt"), "--bundle", Self.file("artifact.txt"), "--trusted-root",
                Self.root,
            ] + Self.identity)
        #expect(notJSON.status == 2)
        #expect(notJSON.stderr.contains("error[json."))

        let noRoot = try VouchProcess.run(
            ["verify", "bundle", Self.file("artifact.txt"), "--bundle", Self.file("v0.1-hashedrekord.sigstore.json")]
                + Self.identity, environment: ["VOUCH_TRUSTED_ROOT": ""])
        #expect(noRoot.status == 2)
        #expect(noRoot.stderr.contains("error[sigstore.trusted-root.missing]"))

        let fromEnvironment = try VouchProcess.run(
            ["verify", "bundle", Self.file("artifact.txt"), "--bundle", Self.file("v0.1-hashedrekord.sigstore.json")]
                + Self.identity, environment: ["VOUCH_TRUSTED_ROOT": Self.root])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
    }

    @Test("usage errors exit 64: no identity, key and identity together, half an identity, a bad regexp")
    func usage() throws {
        for extra in [
            [], ["--key", Self.file("managed-key.pub"), "--certificate-identity", "x"],
            ["--certificate-identity", "x"], ["--certificate-identity-regexp", "(", "--certificate-oidc-issuer", "y"],
            ["--certificate-identity", "x", "--certificate-identity-regexp", "x", "--certificate-oidc-issuer", "y"],
        ] {
            let run = try Self.verify("v0.1-hashedrekord.sigstore.json", extra)
            #expect(run.status == 64, "\(extra): \(run.stderr)")
        }
    }

    @Test("managed keys verify with --key; verify blob --bundle is the same check")
    func keysAndBlob() throws {
        let key = try Self.verify("managed-key.sigstore.json", ["--key", Self.file("managed-key.pub")])
        #expect(key.status == 0, "\(key.stderr)")
        #expect(key.stdout.contains("key: sha256:"))

        let blob = try VouchProcess.run(
            [
                "verify", "blob", Self.file("artifact.txt"), "--bundle", Self.file("v0.3-dsse.sigstore.json"),
                "--trusted-root", Self.root,
            ] + Self.identity)
        #expect(blob.status == 0, "\(blob.stderr)")
        #expect(blob.stdout.contains("statement: https://slsa.dev/provenance/v1"))

        let mixed = try VouchProcess.run(
            [
                "verify", "blob", Self.file("artifact.txt"), "--bundle", Self.file("v0.3-dsse.sigstore.json"),
                "--signature", Self.file("artifact.txt"),
            ] + Self.identity)
        #expect(mixed.status == 64)
    }

    @Test("trusted-root create from the loose PEM files builds a root the fixtures verify against; show prints it")
    func trustedRootCreate() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-root-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let pem = { (name: String) in Self.file("pem/\(name)") }
        let create = try VouchProcess.run([
            "trusted-root", "create", "--fulcio-chain", pem("fulcio-chain.pem") + ",url=https://fulcio.vouch.test",
            "--rekor-key", pem("rekor.pub") + ",url=https://rekor.vouch.test",
            "--rekor-key", pem("rekor-v2.pub") + ",url=https://log2026-1.rekor.vouch.test",
            "--ctfe-key", pem("ctfe.pub") + ",url=https://ctfe.vouch.test/2026",
            "--tsa-chain", pem("tsa-chain.pem") + ",url=https://timestamp.vouch.test",
            "--valid-from", "2025-01-01T00:00:00Z", "--out", out.path,
        ])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout.hasPrefix("wrote \(out.path)"))
        for bundle in ["v0.1-hashedrekord.sigstore.json", "v0.3-rekor2-timestamp.sigstore.json"] {
            let run = try VouchProcess.run(
                [
                    "verify", "bundle", Self.file("artifact.txt"), "--bundle", Self.file(bundle), "--trusted-root",
                    out.path,
                ] + Self.identity)
            #expect(run.status == 0, "\(bundle): \(run.stderr)")
        }
        let show = try VouchProcess.run(["trusted-root", "show", out.path])
        #expect(show.status == 0)
        #expect(show.stdout.contains("transparency log https://log2026-1.rekor.vouch.test: Ed25519"))
        #expect(show.stdout.contains("valid [2025-01-01T00:00:00Z, open]"))
        let noURL = try VouchProcess.run(["trusted-root", "create", "--rekor-key", pem("rekor.pub"), "--out", out.path])
        #expect(noURL.status == 64)
    }

    @Test("trusted-root show names the pinned public roots")
    func showPinned() throws {
        let staging = try TestPaths.externalSuite("trust-roots").appendingPathComponent(
            "sigstore-staging/trusted_root.json")
        let run = try VouchProcess.run(["trusted-root", "show", staging.path, "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((object["result"] as? [String: Any])?["pinned"] as? String == "sigstore staging")
    }

    @Test("the pinned digests match the shared roots and trust-roots/README.md lists every root's digest")
    func pins() throws {
        let readme = try String(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("trust-roots/README.md"), encoding: .utf8)
        let shared = try TestPaths.externalSuite("trust-roots")
        for (folder, name) in [
            ("sigstore-public-good", "sigstore public-good (production)"), ("sigstore-staging", "sigstore staging"),
        ] {
            let digest = Digest.of(
                try Data(contentsOf: shared.appendingPathComponent("\(folder)/trusted_root.json")), using: .sha256)
            #expect(TrustedRoot.pinnedDigests[digest.hex] == name)
            #expect(readme.contains(digest.hex))
        }
        let own = Digest.of(try Data(contentsOf: URL(fileURLWithPath: Self.root)), using: .sha256)
        #expect(readme.contains(own.hex), "trust-roots/README.md must list vouch-test's digest \(own.hex)")
    }

    @Test("the conformance client speaks the protocol: verify-bundle by identity and by key, sign-bundle refused")
    func conformanceClient() throws {
        let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/sigstore-conformance-client").path
        let environment = ["VOUCH_BINARY": VouchProcess.executable.path]
        func client(_ arguments: [String]) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: script)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let byIdentity = try client([
            "verify-bundle", "--bundle", Self.file("v0.3-dsse.sigstore.json"), "--certificate-identity",
            VirtualSigstore.identity, "--certificate-oidc-issuer", VirtualSigstore.issuer, "--trusted-root", Self.root,
            Self.file("artifact.txt"),
        ])
        #expect(byIdentity.0 == 0, "\(byIdentity.1)")
        let byKey = try client([
            "verify-bundle", "--bundle", Self.file("managed-key.sigstore.json"), "--key", Self.file("managed-key.pub"),
            "--trusted-root", Self.root, Self.file("artifact.txt"),
        ])
        #expect(byKey.0 == 0, "\(byKey.1)")
        let failing = try client([
            "verify-bundle", "--bundle", Self.file("v0.3-rekor2-no-timestamp.sigstore.json"), "--certificate-identity",
            VirtualSigstore.identity, "--certificate-oidc-issuer", VirtualSigstore.issuer, "--trusted-root", Self.root,
            Self.file("artifact.txt"),
        ])
        #expect(failing.0 == 1)
        #expect(failing.1.contains("error[sigstore.timestamp.required]"))
        let sign = try client([
            "sign-bundle", "--identity-token", "token", "--bundle", "/tmp/out.json", Self.file("artifact.txt"),
        ])
        #expect(sign.0 != 0)
        #expect(sign.1.contains("not supported"))
    }

    @Test("--repeat verifies many bundles in one run and reports the rate")
    func repeated() throws {
        let run = try Self.verify(
            "v0.3-rekor2-timestamp.sigstore.json", Self.identity + ["--repeat", "20", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("verified 20 bundles in "))
    }
}
