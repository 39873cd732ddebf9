import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

@testable import VouchSigstore

/// Hostile and broken input: every authenticated field bent by one bit never verifies; arbitrary damage to the
/// bundle text never crashes and never passes unless the damage is to bytes nothing relies on; absurd numbers and
/// odd certificates give findings with pointers.
@Suite("bad input")
struct BadInputTests {
    static let entry = "/verificationMaterial/tlogEntries/0"

    /// A deterministic generator, so that a failing mutation can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The bytes fields whose every bit the verifier relies on, for each bundle shape.
    static func authenticatedFields(_ bundle: VirtualBundle) -> [String] {
        var fields = [
            "\(entry)/canonicalizedBody", "\(entry)/inclusionPromise/signedEntryTimestamp",
            "\(entry)/inclusionProof/rootHash", "\(entry)/inclusionProof/hashes/0", "\(entry)/inclusionProof/hashes/5",
            "\(entry)/logId/keyId", "/verificationMaterial/certificate/rawBytes",
            "/verificationMaterial/x509CertificateChain/certificates/0/rawBytes", "/messageSignature/signature",
            "/dsseEnvelope/payload", "/dsseEnvelope/signatures/0/sig",
        ]
        fields = fields.filter { bundle.json.string(at: $0) != nil }
        return fields
    }

    @Test(
        "one flipped bit in any authenticated field never verifies",
        arguments: [
            VirtualBundleSpec(), VirtualBundleSpec(mediaType: .v01), VirtualBundleSpec(content: .dsse()),
            VirtualBundleSpec(mediaType: .v02, content: .dsse(), log: .rekorV1(kind: "intoto")),
        ].enumerated().map { $0 })
    func bitFlips(_ index: Int, _ spec: VirtualBundleSpec) throws {
        let bundle = try VirtualSigstore.shared.bundle(VirtualSigstore.defaultArtifact, spec)
        #expect(VirtualVerification.run(bundle).verified)
        var random = SplitMix(state: UInt64(index) &* 7919)
        for field in Self.authenticatedFields(bundle) {
            let original = try #require(Base64.decode(bundle.json.string(at: field)!))
            for _ in 0..<6 {
                var bent = original
                let position = Int.random(in: 0..<bent.count, using: &random)
                bent[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                let run = VirtualVerification.run(bundle.setting(field, .init(.string(Base64.encode(bent)))))
                #expect(!run.verified, "flipping a bit at \(field)[\(position)] still verified")
            }
        }
    }

    @Test("a changed index, time or tree size never verifies")
    func numbers() throws {
        let bundle = try VirtualSigstore.shared.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec())
        for (pointer, value) in [
            ("\(Self.entry)/logIndex", "90000518"), ("\(Self.entry)/integratedTime", "1772366403"),
            ("\(Self.entry)/inclusionProof/logIndex", "516"), ("\(Self.entry)/inclusionProof/treeSize", "1001"),
        ] {
            let run = VirtualVerification.run(bundle.setting(pointer, .init(.string(value))))
            #expect(!run.verified, "\(pointer) = \(value) still verified")
        }
    }

    @Test("arbitrary damage to the bundle text never crashes; it verifies only when unauthenticated bytes changed")
    func textDamage() throws {
        let bundle = try VirtualSigstore.shared.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec())
        let text = bundle.data
        let root = try VirtualSigstore.shared.trustedRoot()
        let verifier = SigstoreVerifier(trustedRoot: root)
        let policy = VerificationPolicy.identity(VirtualVerification.identity)
        var random = SplitMix(state: 42)
        // The message digest hint and the media type's version are not signed by anything.
        let unauthenticated = ["messageDigest", "mediaType", "bundle+json", "bundle.v0."]
        for round in 0..<600 {
            var damaged = text
            switch round % 3 {
            case 0:
                damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            case 1: damaged = Array(damaged.prefix(Int.random(in: 0..<damaged.count, using: &random)))
            default:
                damaged.insert(
                    UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...damaged.count, using: &random))
            }
            let verified: Bool
            do {
                let parsed = try UnverifiedBundle.parse(damaged, input: "damaged")
                verified = try verifier.verify(
                    parsed, artifact: .bytes(bundle.artifact, name: "artifact"), policy: policy
                ).isVerified
            } catch {
                #expect(!error.findings.isEmpty)
                continue
            }
            if verified {
                let changed =
                    zip(text, damaged).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(text.count, damaged.count)
                let context = String(
                    decoding: text[max(0, changed - 40)..<min(text.count, changed + 10)], as: UTF8.self)
                #expect(
                    unauthenticated.contains { context.contains($0) },
                    "round \(round): damage at byte \(changed) verified: …\(context)…")
            }
        }
    }

    @Test("absurd numbers give findings at their pointers")
    func absurdNumbers() throws {
        let bundle = try VirtualSigstore.shared.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec())
        let cases: [(String, JSONNode, FindingCode)] = [
            ("\(Self.entry)/logIndex", "9223372036854775808", .sigstoreTlogLogIndexInvalid),
            ("\(Self.entry)/logIndex", .init(.number(JSONNumber(1e300))), .sigstoreTlogLogIndexInvalid),
            ("\(Self.entry)/logIndex", .init(.number(JSONNumber(1.5))), .sigstoreTlogLogIndexInvalid),
            ("\(Self.entry)/inclusionProof/treeSize", "9223372036854775807", .sigstoreTlogInclusionProofInvalid),
            ("\(Self.entry)/inclusionProof/treeSize", "-1", .sigstoreTlogInclusionProofInvalid),
            ("\(Self.entry)/inclusionProof/logIndex", "-1", .sigstoreTlogLogIndexInvalid),
            ("\(Self.entry)/inclusionProof/logIndex", "9223372036854775807", .sigstoreTlogLogIndexInvalid),
            ("\(Self.entry)/integratedTime", "-7", .sigstoreBundleMalformed),
            ("\(Self.entry)/integratedTime", "99999999999999", .sigstoreTlogSETInvalid),
            ("\(Self.entry)/inclusionProof/hashes/0", "AAAA", .sigstoreTlogInclusionProofInvalid),
            ("\(Self.entry)/logIndex", .init(.bool(true)), .jsonWrongType),
        ]
        for (pointer, value, code) in cases {
            let run = VirtualVerification.run(bundle.setting(pointer, value))
            #expect(!run.verified, "\(pointer) = \(value) verified")
            #expect(run.codes.contains(code), "\(pointer) = \(value): \(run.describe)")
            #expect(
                run.findings.contains { $0.location.pointer?.description.hasPrefix(pointer) ?? false }
                    || run.findings.contains { $0.location.pointer?.description == "\(Self.entry)/inclusionProof" }
                    || run.findings.contains { $0.location.pointer?.description.hasPrefix("\(Self.entry)") ?? false },
                "\(pointer): no finding points into the entry: \(run.describe)")
        }
    }

    @Test("a checkpoint with absurd sizes, many signatures or control characters is refused")
    func checkpoints() throws {
        let bundle = try VirtualSigstore.shared.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec())
        let pointer = "\(Self.entry)/inclusionProof/checkpoint/envelope"
        let text = bundle.json.string(at: pointer)!
        let lines = text.components(separatedBy: "\n")
        let many = Array(repeating: "\u{2014} w AAAAAAAA", count: 100).joined(separator: "\n")
        for note in [
            text.replacingOccurrences(of: "\n1000\n", with: "\n18446744073709551616\n"),
            text.replacingOccurrences(of: "\n1000\n", with: "\n01000\n"),
            text.replacingOccurrences(of: "Timestamp", with: "Time\u{07}stamp"),
            lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n\n" + many + "\n",
            "", "\n\n", text.replacingOccurrences(of: "\u{2014}", with: "-"),
        ] {
            let run = VirtualVerification.run(bundle.setting(pointer, .init(.string(note))))
            #expect(!run.verified)
            #expect(
                !run.codes.isDisjoint(with: [
                    .sigstoreCheckpointMalformed, .sigstoreCheckpointSignatureInvalid, .sigstoreCheckpointRootMismatch,
                ]), "\(run.describe)")
        }
    }

    @Test("odd certificate extensions: undecodable SAN, a critical unknown extension")
    func oddCertificates() throws {
        let sigstore = VirtualSigstore.shared
        let bundle = try sigstore.bundle()
        let key = try PrivateKey.generate(.ecP256)
        var builder = CertificateBuilder(
            subject: [], serialNumber: [7], publicKey: key.publicKey, notBefore: sigstore.now,
            notAfter: VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch + 600))
        builder.extensions = [
            CertificateExtension(
                oid: OID.subjectAlternativeName, critical: true, value: [0x30, 0x03, 0x86, 0x05, 0x41])
        ]
        let der = try builder.signedDER(by: sigstore.fulcioKey, issuer: sigstore.fulcioIntermediate)
        let malformed = VirtualVerification.run(
            bundle.setting("/verificationMaterial/certificate/rawBytes", .init(.string(Base64.encode(der)))))
        #expect(!malformed.verified)
        #expect(malformed.codes.contains(.cryptoCertificateMalformed), "\(malformed.describe)")
        #expect(
            malformed.findings.contains {
                $0.location.pointer?.description == "/verificationMaterial/certificate/rawBytes"
            })

        let critical = try sigstore.bundle(
            VirtualSigstore.defaultArtifact,
            VirtualBundleSpec(extraExtensions: [
                CertificateExtension(oid: "1.2.3.4.5", critical: true, value: [0x05, 0x00])
            ]))
        let untrusted = VirtualVerification.run(critical)
        #expect(!untrusted.verified)
        #expect(untrusted.codes.contains(.sigstoreCertificateUntrusted), "\(untrusted.describe)")
    }

    @Test("malformed JSON and wrong types are findings with positions, never crashes")
    func malformedJSON() throws {
        for (text, code) in [
            ("", FindingCode.jsonTruncated), ("{", .jsonTruncated), ("[]", .jsonWrongType),
            (#"{"mediaType": 3}"#, .jsonWrongType),
            (#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}"#, .jsonMissingField),
            (#"{"mediaType": "x", "mediaType": "y"}"#, .jsonDuplicateKey),
        ] {
            #expect(findingCode { try UnverifiedBundle.parse(Array(text.utf8), input: "t") } == code, "\(text)")
        }
    }

    @Test("every conformance bundle survives every single-byte truncation point without crashing")
    func conformanceTruncations() throws {
        let root = try TestPaths.externalSuite("sigstore-conformance").appendingPathComponent("cases/rekor2-happy-path")
        let data = [UInt8](try Data(contentsOf: root.appendingPathComponent("bundle.sigstore.json")))
        for length in stride(from: 0, to: data.count, by: 97) {
            #expect(throws: FindingError.self) { try UnverifiedBundle.parse(Array(data.prefix(length)), input: "cut") }
        }
    }
}
