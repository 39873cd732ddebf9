import Foundation
import Testing
import VouchTestSupport

/// Runs the built `vouch` binary and asserts standard output, standard error and the exit code.
@Suite("vouch command line")
struct CLITests {
    let demo = TestPaths.fixture("demo")

    private func temporaryFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-cli-\(UUID().uuidString)")
        try Data(contents.utf8).write(to: url)
        return url
    }

    @Test("--version names the libraries")
    func version() throws {
        let run = try VouchProcess.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("vouch "))
        #expect(run.stdout.contains("OpenSSL 3"))
        #expect(run.stdout.contains("libcurl"))
        #expect(run.stdout.contains("jansson"))
    }

    @Test("digest prints sha256sum-compatible lines")
    func digest() throws {
        let sums = try String(contentsOf: demo.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        let run = try VouchProcess.run(["digest", "artifact.txt"], in: demo)
        #expect(run.status == 0)
        #expect(run.stdout == sums)
    }

    @Test("digest of standard input and other algorithms")
    func digestStdin() throws {
        let run = try VouchProcess.run(["digest", "-", "--algorithm", "sha384"], stdin: Data("abc".utf8))
        #expect(run.status == 0)
        #expect(
            run.stdout
                == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7  -\n"
        )
    }

    @Test("digest --check passes, fails on a mismatch and cannot verify a missing file")
    func check() throws {
        let ok = try VouchProcess.run(["digest", "--check", "SHA256SUMS"], in: demo)
        #expect(ok.status == 0)
        #expect(ok.stdout == "artifact.txt: OK\n")

        let wrong = try temporaryFile(String(repeating: "0", count: 64) + "  artifact.txt\n")
        let mismatch = try VouchProcess.run(["digest", "--check", wrong.path], in: demo)
        #expect(mismatch.status == 1)
        #expect(mismatch.stdout == "artifact.txt: FAILED\n")
        #expect(mismatch.stderr.contains("error[digest.mismatch]"))

        let missing = try temporaryFile(String(repeating: "0", count: 64) + "  no-such-file\n")
        let unreadable = try VouchProcess.run(["digest", "--check", missing.path], in: demo)
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("input.unreadable"))

        let garbage = try temporaryFile("not a checksum line\n")
        let malformed = try VouchProcess.run(["digest", "--check", garbage.path], in: demo)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("digest.check-line-malformed"))
    }

    @Test("verify blob: the genuine artifact verifies, a tampered one fails with exit 1")
    func verifyBlob() throws {
        let arguments = ["--key", "demo.pub", "--signature", "artifact.txt.sig"]
        let good = try VouchProcess.run(["verify", "blob", "artifact.txt"] + arguments, in: demo)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("Verified OK"))

        let tampered = try temporaryFile("vouch demo artifact, tampered\n")
        let bad = try VouchProcess.run(["verify", "blob", tampered.path] + arguments, in: demo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error[signature.invalid]"))
    }

    @Test("verify blob --format json gives a structured, canonical result")
    func verifyBlobJSON() throws {
        let run = try VouchProcess.run(
            [
                "verify", "blob", "artifact.txt", "--key", "demo.pub", "--signature", "artifact.txt.sig", "--format",
                "json",
            ],
            in: demo
        )
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "verified")
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["verified"] as? Bool == true)
        #expect(result["algorithm"] as? String == "ecdsa-sha256")
    }

    @Test("verify blob: an unreadable key is 'could not verify' (2), a missing flag is a usage error (64)")
    func verifyBlobErrors() throws {
        let noKey = try VouchProcess.run(
            ["verify", "blob", "artifact.txt", "--key", "missing.pub", "--signature", "artifact.txt.sig"], in: demo)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("input.unreadable"))

        let notAKey = try VouchProcess.run(
            ["verify", "blob", "artifact.txt", "--key", "artifact.txt", "--signature", "artifact.txt.sig"], in: demo)
        #expect(notAKey.status == 2)
        #expect(notAKey.stderr.contains("crypto.key"))

        let usage = try VouchProcess.run(
            ["verify", "blob", "artifact.txt", "--signature", "artifact.txt.sig"], in: demo)
        #expect(usage.status == 64)
    }

    @Test("json canonicalize prints RFC 8785 bytes, and malformed input gives code, line and column")
    func canonicalize() throws {
        let good = try VouchProcess.run(
            ["json", "canonicalize", "-"], stdin: Data(#"{"b": [1.0, "\u00e9"], "a": true}"#.utf8))
        #expect(good.status == 0)
        #expect(good.stdout == #"{"a":true,"b":[1,"é"]}"#)

        let bad = try temporaryFile("{\n  \"a\": 1,\n  \"a\": 2\n}")
        let run = try VouchProcess.run(["json", "canonicalize", bad.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("error[json.duplicate-key] \(bad.path):3:"))

        let json = try VouchProcess.run(["json", "canonicalize", bad.path, "--format", "json"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["code"] as? String == "json.duplicate-key")
        let location = try #require(finding["location"] as? [String: Any])
        #expect(location["line"] as? Int == 3)
    }
}

@Suite("vouch verify blob across key types")
struct VerifyBlobKeyTypeTests {
    let crypto = TestPaths.fixture("crypto")

    /// (public key, signature, extra flags): signatures made by the openssl CLI in scripts/make-crypto-fixtures.
    static let signatures: [(String, String, [String])] = [
        ("p256.pub", "p256.sig", []),
        ("p256.pub.der", "p256.sig", []),
        ("p256.pub", "p256.raw.sig", []),
        ("p384.pub", "p384.sig", []),
        ("ed25519.pub", "ed25519.sig", []),
        ("rsa2048.pub", "rsa2048-pkcs1.sig", []),
        ("rsa2048.pub", "rsa2048-pss.sig", ["--rsa-pss"]),
    ]

    @Test("openssl-made signatures verify, and fail over a different message", arguments: signatures)
    func verifies(_ sample: (String, String, [String])) throws {
        let arguments = ["--key", sample.0, "--signature", sample.1] + sample.2
        let good = try VouchProcess.run(["verify", "blob", "message.txt"] + arguments, in: crypto)
        #expect(good.status == 0, "\(good.stderr)")
        let other = try VouchProcess.run(["verify", "blob", "README.md"] + arguments, in: crypto)
        #expect(other.status == 1)
    }

    @Test("a PSS signature does not verify as PKCS#1 v1.5, nor the reverse")
    func paddingIsExplicit() throws {
        let pss = try VouchProcess.run(
            ["verify", "blob", "message.txt", "--key", "rsa2048.pub", "--signature", "rsa2048-pss.sig"], in: crypto)
        #expect(pss.status == 1)
        let pkcs1 = try VouchProcess.run(
            ["verify", "blob", "message.txt", "--key", "rsa2048.pub", "--signature", "rsa2048-pkcs1.sig", "--rsa-pss"],
            in: crypto)
        #expect(pkcs1.status == 1)
    }

    @Test("weak and unsupported keys cannot verify (exit 2)")
    func refusedKeys() throws {
        for key in ["rsa1024.pub", "secp256k1.pub"] {
            let run = try VouchProcess.run(
                ["verify", "blob", "message.txt", "--key", key, "--signature", "p256.sig"], in: crypto)
            #expect(run.status == 2, "\(key)")
            #expect(run.stderr.contains("crypto.key."), "\(key): \(run.stderr)")
        }
    }

    @Test("--hash on an Ed25519 key is a mismatch, not a silent default")
    func ed25519Hash() throws {
        let run = try VouchProcess.run(
            [
                "verify", "blob", "message.txt", "--key", "ed25519.pub", "--signature", "ed25519.sig", "--hash",
                "sha512",
            ], in: crypto)
        #expect(run.status == 2)
        #expect(run.stderr.contains("crypto.algorithm-mismatch"))
    }
}
