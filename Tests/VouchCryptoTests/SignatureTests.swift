import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// A fixture signature with the key and algorithm that made it.
struct SignatureFixture: Sendable, CustomTestStringConvertible {
    let key: String
    let signature: String
    let algorithm: SignatureAlgorithm

    var testDescription: String { signature }

    static let all = [
        SignatureFixture(key: "p256.pub", signature: "p256.sig", algorithm: .ecdsa(.sha256, encoding: .der)),
        SignatureFixture(key: "p256.pub", signature: "p256.raw.sig", algorithm: .ecdsa(.sha256, encoding: .raw)),
        SignatureFixture(key: "p384.pub", signature: "p384.sig", algorithm: .ecdsa(.sha384, encoding: .der)),
        SignatureFixture(key: "ed25519.pub", signature: "ed25519.sig", algorithm: .ed25519),
        SignatureFixture(key: "rsa2048.pub", signature: "rsa2048-pkcs1.sig", algorithm: .rsaPKCS1v15(.sha256)),
        SignatureFixture(
            key: "rsa2048.pub", signature: "rsa2048-pss.sig", algorithm: .rsaPSS(.sha256, saltLength: .digestLength)),
    ]
}

@Suite("signatures")
struct SignatureTests {
    /// A key keeps one verification context per ECDSA algorithm and starts every verification from a copy: no
    /// verification may see another's message, signature or result, on any thread, in any order.
    @Test("one key verifies many signatures, across algorithms and threads, each on its own")
    func keptContexts() async throws {
        let signer = try PrivateKey.generate(.ecP384)
        let key = signer.publicKey
        let algorithms: [SignatureAlgorithm] = [
            .ecdsa(.sha384, encoding: .der), .ecdsa(.sha256, encoding: .der), .ecdsa(.sha384, encoding: .raw),
        ]
        var work: [(message: [UInt8], signature: [UInt8], algorithm: SignatureAlgorithm, valid: Bool)] = []
        for index in 0..<24 {
            let algorithm = algorithms[index % algorithms.count]
            let message = Array("message \(index)".utf8)
            let signature = try signer.signature(for: message, using: algorithm)
            work.append((message, signature, algorithm, true))
            work.append((message + [0x0A], signature, algorithm, false))
        }
        let results = await work.concurrentMap(maxConcurrency: 4) { item in
            (try? key.isValidSignature(item.signature, for: item.message, using: item.algorithm)) ?? false
        }
        #expect(results == work.map(\.valid))
    }

    @Test("fixture signatures verify; a changed message or signature does not", arguments: SignatureFixture.all)
    func fixtures(fixture: SignatureFixture) throws {
        let key = try Fixtures.publicKey(fixture.key)
        let message = try Fixtures.message()
        let signature = try Fixtures.bytes(fixture.signature)
        #expect(try key.isValidSignature(signature, for: message, using: fixture.algorithm))
        #expect(try key.isValidSignature(Data(signature), for: Data(message), using: fixture.algorithm))
        #expect(try !key.isValidSignature(signature, for: message + [0x0A], using: fixture.algorithm))
        #expect(
            try !key.isValidSignature(signature.flipping(signature.count / 2), for: message, using: fixture.algorithm))
        #expect(try !key.isValidSignature([UInt8](), for: message, using: fixture.algorithm))
    }

    /// Mutation never verifies: every byte of the signature and of the message, each flipped in two ways.
    @Test("flipping any single byte never verifies", arguments: SignatureFixture.all)
    func mutations(fixture: SignatureFixture) throws {
        let key = try Fixtures.publicKey(fixture.key)
        let message = try Fixtures.message()
        let signature = try Fixtures.bytes(fixture.signature)
        for index in signature.indices {
            for mask: UInt8 in [0x01, 0x80] {
                let verified = try key.isValidSignature(
                    signature.flipping(index, mask), for: message, using: fixture.algorithm)
                #expect(!verified, "signature byte \(index) ^ \(mask) verified")
            }
        }
        for index in message.indices {
            for mask: UInt8 in [0x01, 0x80] {
                let verified = try key.isValidSignature(
                    signature, for: message.flipping(index, mask), using: fixture.algorithm)
                #expect(!verified, "message byte \(index) ^ \(mask) verified")
            }
        }
    }

    @Test(
        "prehashed verification for ECDSA and RSA", arguments: SignatureFixture.all.filter { $0.algorithm != .ed25519 })
    func prehashed(fixture: SignatureFixture) throws {
        let key = try Fixtures.publicKey(fixture.key)
        let digestAlgorithm = try #require(fixture.algorithm.digestAlgorithm)
        let message = try Fixtures.message()
        let signature = try Fixtures.bytes(fixture.signature)
        let digest = Digest.of(message, using: digestAlgorithm)
        #expect(try key.isValidSignature(signature, forDigest: digest, using: fixture.algorithm))
        #expect(
            try !key.isValidSignature(
                signature, forDigest: Digest.of(message + [1], using: digestAlgorithm), using: fixture.algorithm))
        let other: DigestAlgorithm = digestAlgorithm == .sha256 ? .sha512 : .sha256
        #expect(
            findingCode {
                try key.isValidSignature(
                    signature, forDigest: Digest.of(message, using: other), using: fixture.algorithm)
            }
                == .cryptoAlgorithmMismatch)
    }

    @Test("an algorithm that does not fit the key throws algorithm-mismatch, never falls back")
    func mismatch() throws {
        let message = try Fixtures.message()
        let cases: [(String, SignatureAlgorithm)] = [
            ("p256.pub", .ed25519), ("p256.pub", .rsaPKCS1v15(.sha256)),
            ("p256.pub", .rsaPSS(.sha256, saltLength: .auto)),
            ("ed25519.pub", .ecdsa(.sha256, encoding: .der)), ("ed25519.pub", .rsaPKCS1v15(.sha256)),
            ("rsa2048.pub", .ecdsa(.sha256, encoding: .der)), ("rsa2048.pub", .ed25519),
        ]
        for (name, algorithm) in cases {
            let key = try Fixtures.publicKey(name)
            #expect(
                findingCode { try key.isValidSignature([1, 2, 3], for: message, using: algorithm) }
                    == .cryptoAlgorithmMismatch)
        }
        let rsa = try Fixtures.publicKey("rsa2048.pub")
        #expect(
            findingCode { try rsa.isValidSignature([1], for: message, using: .rsaPSS(.sha256, saltLength: .bytes(-1))) }
                == .cryptoAlgorithmMismatch)
    }

    @Test("SHA-1 signatures and prehashed Ed25519 are refused")
    func unsupported() throws {
        let message = try Fixtures.message()
        let rsa = try Fixtures.publicKey("rsa2048.pub")
        #expect(
            findingCode { try rsa.isValidSignature([1], for: message, using: .rsaPKCS1v15(.sha1)) }
                == .cryptoAlgorithmUnsupported)
        let ed = try Fixtures.publicKey("ed25519.pub")
        let digest = Digest.of(message, using: .sha256)
        #expect(
            findingCode { try ed.isValidSignature([1], forDigest: digest, using: .ed25519) }
                == .cryptoAlgorithmUnsupported)
    }

    @Test("RSA padding and PSS salt length are honoured")
    func rsaParameters() throws {
        let key = try Fixtures.publicKey("rsa2048.pub")
        let message = try Fixtures.message()
        let pss = try Fixtures.bytes("rsa2048-pss.sig")
        let pkcs1 = try Fixtures.bytes("rsa2048-pkcs1.sig")
        #expect(try key.isValidSignature(pss, for: message, using: .rsaPSS(.sha256, saltLength: .auto)))
        #expect(try key.isValidSignature(pss, for: message, using: .rsaPSS(.sha256, saltLength: .bytes(32))))
        #expect(try !key.isValidSignature(pss, for: message, using: .rsaPSS(.sha256, saltLength: .bytes(20))))
        #expect(try !key.isValidSignature(pss, for: message, using: .rsaPKCS1v15(.sha256)))
        #expect(try !key.isValidSignature(pkcs1, for: message, using: .rsaPSS(.sha256, saltLength: .auto)))
        #expect(try !key.isValidSignature(pkcs1, for: message, using: .rsaPKCS1v15(.sha512)))
    }

    @Test("ECDSA encodings: raw and DER are not interchangeable, and non-strict DER is refused")
    func ecdsaEncodings() throws {
        let key = try Fixtures.publicKey("p256.pub")
        let message = try Fixtures.message()
        let der = try Fixtures.bytes("p256.sig")
        let raw = try Fixtures.bytes("p256.raw.sig")
        #expect(try ECDSASignature.raw(fromDER: der, scalarByteCount: 32) == raw)
        #expect(try ECDSASignature.der(fromRaw: raw, scalarByteCount: 32) == der)
        #expect(try !key.isValidSignature(raw, for: message, using: .ecdsa(.sha256, encoding: .der)))
        #expect(try !key.isValidSignature(der, for: message, using: .ecdsa(.sha256, encoding: .raw)))
        #expect(try !key.isValidSignature(raw.dropLast(), for: message, using: .ecdsa(.sha256, encoding: .raw)))
        // Trailing byte; long-form length where the short form fits.
        #expect(try !key.isValidSignature(der + [0], for: message, using: .ecdsa(.sha256, encoding: .der)))
        let longForm = [der[0], 0x81] + der[1...]
        #expect(try !key.isValidSignature(longForm, for: message, using: .ecdsa(.sha256, encoding: .der)))
        #expect(
            findingCode { try ECDSASignature.der(fromRaw: raw.dropLast(), scalarByteCount: 32) }
                == .cryptoSignatureMalformed)
        #expect(
            findingCode { try ECDSASignature.raw(fromDER: der + [0], scalarByteCount: 32) } == .cryptoSignatureMalformed
        )
    }

    @Test(
        "sign then verify round trips for generated keys",
        arguments: [
            (KeyKind.ecP256, SignatureAlgorithm.ecdsa(.sha256, encoding: .der)),
            (.ecP256, .ecdsa(.sha256, encoding: .raw)),
            (.ecP384, .ecdsa(.sha384, encoding: .der)),
            (.ecP521, .ecdsa(.sha512, encoding: .raw)),
            (.ed25519, .ed25519),
            (.rsa(bits: 2048), .rsaPKCS1v15(.sha256)),
            (.rsa(bits: 2048), .rsaPSS(.sha256, saltLength: .digestLength)),
            (.rsa(bits: 2048), .rsaPSS(.sha512, saltLength: .auto)),
        ])
    func roundTrip(kind: KeyKind, algorithm: SignatureAlgorithm) throws {
        let key = try PrivateKey.generate(kind)
        let message = Array("round trip \(kind)".utf8)
        let signature = try key.signature(for: message, using: algorithm)
        if case .ecdsa(_, .raw) = algorithm {
            #expect(signature.count == 2 * (kind.ecdsaScalarByteCount ?? 0))
        }
        #expect(try key.publicKey.isValidSignature(signature, for: message, using: algorithm))
        #expect(try !key.publicKey.isValidSignature(signature, for: message + [0], using: algorithm))
        #expect(findingCode { try key.signature(for: message, using: .rsaPKCS1v15(.sha1)) } != nil)
    }

    @Test("fixture private keys sign what their public keys verify")
    func fixtureSigning() throws {
        let message = try Fixtures.message()
        let key = try PrivateKey(pem: try Fixtures.text("p384.key"), input: "p384.key")
        let signature = try key.signature(for: message, using: .ecdsa(.sha384, encoding: .der))
        #expect(
            try Fixtures.publicKey("p384.pub").isValidSignature(
                signature, for: message, using: .ecdsa(.sha384, encoding: .der)))
        #expect(findingCode { try key.signature(for: message, using: .ed25519) } == .cryptoAlgorithmMismatch)
    }
}
