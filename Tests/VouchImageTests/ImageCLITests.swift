import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

/// `vouch verify image` as a user sees it: the text answer lists every signature with why it passed or failed, the
/// JSON answer is structured, exit codes are the project's, and a registry whose referrers cannot be listed gives
/// "could not verify".
@Suite("vouch verify image")
struct ImageCLITests {
    static let keys = TestPaths.fixture("image/keys").path
    static let root = TestPaths.fixture("image/trusted_root.json").path
    static let keyArguments = ["--key", "\(keys)/cosign.pub", "--trusted-root", root, "--time", "2026-03-01T12:00:00Z"]

    static func layout(_ name: String, _ tag: String = "1.0") -> String { "oci:\(TestFixtures.layout(name)):\(tag)" }

    @Test("text: the verdict, then each signature with where it was found and why it passed")
    func textVerified() throws {
        let run = try VouchProcess.run(["verify", "image", Self.layout("signed-key")] + Self.keyArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Verified OK: \(Self.layout("signed-key")) \(TestFixtures.imageDigest)")
        #expect(
            lines.contains(
                "  signature 1: tag sha256-\(TestFixtures.imageDigest.hex).sig, layer 0 [cosign (simple signing)]"))
        #expect(
            lines.contains {
                $0.hasPrefix("    verified with key sha256:")
                    && $0.hasSuffix("logged in https://rekor.vouch.test at index 4200000")
            })
        #expect(lines.last == "  content: every blob and child manifest checked")
        #expect(run.stderr.isEmpty)
        let quiet = try VouchProcess.run(["verify", "image", Self.layout("signed-key"), "--quiet"] + Self.keyArguments)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    }

    @Test("text: a failed signature says why, and stderr carries the defect and the verdict")
    func textFailed() throws {
        let run = try VouchProcess.run(["verify", "image", Self.layout("neg-other-key")] + Self.keyArguments)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("NO MATCHING SIGNATURE: "))
        #expect(
            run.stdout.contains(
                "    not-matching: image.signature.key-mismatch (none of the given keys verifies the signature)"))
        #expect(run.stderr.contains("error[image.signature.key-mismatch] "))
        #expect(run.stderr.contains("#/layers/0/annotations/dev.cosignproject.cosign~1signature: "))
        #expect(
            run.stderr.hasSuffix(
                "error[image.verdict.no-match] \(Self.layout("neg-other-key")): 1 signature(s) found, none by the "
                    + "required signer, reference or annotations (digest=\(TestFixtures.imageDigest))\n"
            ))
        let unsigned = try VouchProcess.run(["verify", "image", Self.layout("unsigned")] + Self.keyArguments)
        #expect(
            unsigned.status == 1 && unsigned.stdout.hasPrefix("NOT SIGNED: ")
                && unsigned.stdout.contains("  no signatures"))
    }

    @Test("json: one canonical document with the verdict and every signature's evidence")
    func json() throws {
        let run = try ImageCLI.run(
            [
                "verify", "image", Self.layout("signed-keyless"), "--certificate-identity", TestSigstore.identity,
                "--certificate-oidc-issuer", TestSigstore.issuer, "--trusted-root", Self.root, "--format", "json",
            ])
        #expect(run.status == 0 && run.verdict == "verified")
        let document = try #require(run.document)
        #expect(try document.required("command").string() == "verify image")
        #expect(try document.required("status").string() == "verified")
        let result = try document.required("result")
        #expect(try result.required("digest").string() == TestFixtures.imageDigest.description)
        let signature = try result.required("signatures").array()[0]
        #expect(try signature.required("status").string() == "verified")
        #expect(try signature.required("signedReference").string() == "registry.vouch.test/app")
        let sigstore = try signature.required("sigstore")
        #expect(
            try sigstore.required("certificate").required("subjectAlternativeNames").array()[0].string()
                == "uri:\(TestSigstore.identity)")
        #expect(try sigstore.required("timestamps").array().count == 1)
        #expect(try result.required("unsafe").array().isEmpty)
        #expect(run.stdout == JCS.canonicalString(document.node) + "\n")
    }

    @Test("unsafe switches are named in the text and recorded in the JSON")
    func unsafe() throws {
        let run = try ImageCLI.run(
            [
                "verify", "image", Self.layout("signed-key"), "--key", "\(Self.keys)/cosign.pub",
                "--insecure-ignore-tlog",
                "--insecure-ignore-sct", "--format", "json",
            ])
        #expect(run.status == 0)
        #expect(
            try run.document?.required("result").required("unsafe").array().map { try $0.string() } == [
                "ignore-transparency-log", "ignore-sct",
            ])
        #expect(run.codes.isSuperset(of: ["image.unsafe.transparency-log-ignored", "image.unsafe.sct-ignored"]))
        let text = try VouchProcess.run(
            [
                "verify", "image", Self.layout("signed-key"), "--key", "\(Self.keys)/cosign.pub",
                "--insecure-ignore-tlog",
            ])
        #expect(text.stdout.contains("  UNSAFE: ignore-transparency-log"))
        #expect(text.stderr.contains("warning[image.unsafe.transparency-log-ignored]"))
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["--key", "k.pub", "--certificate-identity", "x", "--certificate-oidc-issuer", "y"],
            ["--key", "k.pub", "--skip-blob-check", "--check-blobs"], ["--key", "k.pub", "-a", "novalue"],
            [], ["--certificate-identity", "x"],
            [
                "--ca-intermediates", "i.pem", "--certificate-identity", "x",
                "--certificate-oidc-issuer", "y",
            ],
        ])
    func usage(_ arguments: [String]) throws {
        let run = try VouchProcess.run(["verify", "image", Self.layout("signed-key")] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(try VouchProcess.run(["verify", "image", "Not A Reference!", "--key", "k.pub"]).status == 64)
    }

    @Test("the help documents the exit codes and their verdict findings")
    func help() throws {
        let run = try VouchProcess.run(["verify", "image", "--help"])
        for text in [
            "image.verdict.unsigned", "image.verdict.no-match", "image.verdict.invalid", "image.discovery.incomplete",
            "--insecure-ignore-tlog",
        ] {
            #expect(run.stdout.contains(text), "\(text)")
        }
    }

    @Test("a registry whose referrers listing fails: exit 2, unknown, never unsigned")
    func referrersDown() throws {
        let server = try LoopbackScript(script: "faulty-registry.py", arguments: [TestFixtures.layout("unsigned")])
        let run = try ImageCLI.run(
            [
                "verify", "image", "\(server.hostPort)/referrers-broken/app:1.0", "--insecure-registry",
                server.hostPort,
                "--format", "json",
            ] + Self.keyArguments)
        #expect(run.status == 2 && run.verdict == "unknown", "\(run.stdout)")
        #expect(run.codes.isSuperset(of: ["oci.referrers.listing-failed", "image.discovery.incomplete"]))
        #expect(!run.codes.contains("image.verdict.unsigned"))
    }
}
