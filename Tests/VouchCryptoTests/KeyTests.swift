import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@Suite("keys")
struct KeyTests {
    @Test(
        "fixture public keys load with their kind",
        arguments: [
            ("p256.pub", KeyKind.ecP256), ("p256.pub.der", .ecP256), ("p384.pub", .ecP384), ("ed25519.pub", .ed25519),
            ("rsa2048.pub", .rsa(bits: 2048)),
        ])
    func load(name: String, kind: KeyKind) throws {
        let key = try Fixtures.publicKey(name)
        #expect(key.kind == kind)
        #expect(try PublicKey(pem: key.pem, input: "round trip") == key)
        #expect(try PublicKey(der: key.spkiDER, input: "round trip") == key)
    }

    @Test("the key ID is SHA-256 of the DER SubjectPublicKeyInfo, as openssl computes it")
    func keyID() throws {
        let expected = try Fixtures.text("p256.keyid").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Fixtures.publicKey("p256.pub").keyID == Digest(parsing: "sha256:\(expected)"))
        #expect(try Fixtures.publicKey("p256.pub").spkiDER == Fixtures.bytes("p256.pub.der"))
    }

    @Test(
        "refused keys give the right finding",
        arguments: [("rsa1024.pub", FindingCode.cryptoKeyTooWeak), ("secp256k1.pub", .cryptoKeyUnsupported)])
    func refused(name: String, code: FindingCode) throws {
        let bytes = try Fixtures.bytes(name)
        #expect(findingCode { try PublicKey.load(bytes, input: name) } == code)
    }

    @Test("malformed public keys are findings, not crashes")
    func malformed() throws {
        let der = try Fixtures.bytes("p256.pub.der")
        let cases: [[UInt8]] = [
            [], Array("not a key".utf8), Array(der.dropLast()), der + [0], Array(der.prefix(10)),
            Array("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8),
            try Fixtures.bytes("root.pem"), try Fixtures.bytes("p256.key"),
        ]
        for bytes in cases {
            #expect(findingCode { try PublicKey.load(bytes, input: "case") } == .cryptoKeyMalformed)
        }
    }

    @Test("every single-byte change of a DER key is rejected or gives another valid key, never a crash")
    func derMutations() throws {
        let der = try Fixtures.bytes("p256.pub.der")
        for index in der.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                let mutated = der.flipping(index, mask)
                do {
                    let key = try PublicKey(der: mutated, input: "mutated")
                    #expect(key.spkiDER == mutated)
                } catch {
                    #expect([.cryptoKeyMalformed, .cryptoKeyUnsupported].contains(error.code))
                }
            }
        }
    }

    /// A DER key is accepted when it is exactly what OpenSSL writes back for the key it decoded. Keys whose bytes
    /// are the fixed EC or Ed25519 frame skip the re-encoding: the answer must not change.
    @Test("DER keys are judged canonical exactly when OpenSSL's re-encoding gives the same bytes")
    func canonicalAsOpenSSL() throws {
        let p256 = try Fixtures.bytes("p256.pub.der")
        let x = Array(p256[27..<59])
        let y = Array(p256[59..<91])
        let compressed = [0x30, 0x39] + Array(p256[2..<23]) + [0x03, 0x22, 0x00, 0x02 | (y[31] & 1)] + x
        var inputs = [p256, compressed]
        for name in ["p384.pub", "ed25519.pub", "rsa2048.pub"] {
            inputs.append(try Fixtures.publicKey(name).spkiDER)
        }
        for der in inputs {
            inputs += der.indices.flatMap { index in [0x01, 0x80].map { der.flipping(index, $0) } }
        }
        for der in inputs {
            let body = Array(Base64.encode(der))
            let lines = stride(from: 0, to: body.count, by: 64).map { String(body[$0..<min($0 + 64, body.count)]) }
            let pem = "-----BEGIN PUBLIC KEY-----\n" + lines.joined(separator: "\n") + "\n-----END PUBLIC KEY-----\n"
            let reencoded = (try? PublicKey(pem: pem, input: "pem"))?.spkiDER
            let accepted = (try? PublicKey(der: der, input: "der"))?.spkiDER
            #expect(accepted == (reencoded == der ? der : nil), "\(Hex.encode(der))")
        }
    }

    @Test("private keys load from PKCS#8 and traditional EC PEM and match their public key")
    func privateKeys() throws {
        let expected = try Fixtures.publicKey("p256.pub")
        for name in ["p256.key", "p256-traditional.key"] {
            let key = try PrivateKey(pem: try Fixtures.text(name), input: name)
            #expect(key.publicKey == expected)
            #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
            #expect(try PrivateKey(pem: key.pem, input: "round trip").publicKey == expected)
        }
        #expect(try PrivateKey(pem: Fixtures.bytes("rsa2048.key"), input: "rsa").kind == .rsa(bits: 2048))
        #expect(try PrivateKey(pem: Fixtures.bytes("ed25519.key"), input: "ed25519").kind == .ed25519)
    }

    @Test("encrypted and malformed private keys are findings")
    func privateKeyFindings() throws {
        #expect(
            findingCode { try PrivateKey(pem: try Fixtures.text("p256-encrypted.key"), input: "enc") }
                == .cryptoKeyEncrypted)
        #expect(findingCode { try PrivateKey(pem: "", input: "empty") } == .cryptoKeyMalformed)
        #expect(
            findingCode { try PrivateKey(pem: try Fixtures.text("p256.pub"), input: "public") } == .cryptoKeyMalformed)
        let broken =
            "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
        let error = #expect(throws: FindingError.self) { try PrivateKey(pem: broken, input: "broken") }
        #expect(error?.code == .cryptoKeyMalformed)
        #expect(error?.findings[0].details["openssl"]?.contains("error:") == true)
    }

    @Test(
        "generated keys have the requested kind",
        arguments: [KeyKind.ecP256, .ecP384, .ecP521, .ed25519, .rsa(bits: 2048)])
    func generate(kind: KeyKind) throws {
        let key = try PrivateKey.generate(kind)
        #expect(key.kind == kind)
        #expect(try PrivateKey(pem: key.pem, input: "generated").publicKey == key.publicKey)
        #expect(!key.description.contains("PRIVATE"))
    }

    @Test("generating a weak or oversized RSA key is refused")
    func generateRefused() {
        #expect(findingCode { try PrivateKey.generate(.rsa(bits: 1024)) } == .cryptoKeyTooWeak)
        #expect(findingCode { try PrivateKey.generate(.rsa(bits: 8192)) } == .cryptoKeyUnsupported)
    }
}
