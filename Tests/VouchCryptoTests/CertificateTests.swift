import Foundation
import Testing
import VouchCore
import VouchTestSupport
import VouchCrypto

@Suite("certificates")
struct CertificateTests {
    @Test("a PEM chain parses in order")
    func chain() throws {
        let chain = try Certificate.parsePEMChain(try Fixtures.bytes("chain.pem"), input: "chain.pem")
        #expect(
            chain.map(\.subject) == [
                "CN=Vouch Test Code Signing Leaf,O=Vouch Test", "CN=Vouch Test Intermediate,O=Vouch Test",
                "CN=Vouch Test Root,O=Vouch Test",
            ])
        #expect(chain[0].issuer == chain[1].subject)
        #expect(chain[1].issuer == chain[2].subject)
        #expect(chain[2].issuer == chain[2].subject)
        #expect(
            chain == [
                try Fixtures.certificate("leaf-codesign.pem"), try Fixtures.certificate("intermediate.pem"),
                try Fixtures.certificate("root.pem"),
            ])
    }

    @Test("leaf fields: validity, serial, key, SANs, Fulcio-style extensions, key usages")
    func leafFields() throws {
        let leaf = try Fixtures.certificate("leaf-codesign.pem")
        #expect(leaf.notBefore == Fixtures.time("2024-01-01T00:00:00Z"))
        #expect(leaf.notAfter == Fixtures.time("2025-01-01T00:00:00Z"))
        #expect(leaf.serialNumber == "1002")
        #expect(try leaf.publicKey.kind == .ecP256)
        #expect(
            leaf.subjectAlternativeNames == [
                .email("signer@example.com"),
                .uri("https://github.com/example/project/.github/workflows/release.yml@refs/heads/main"),
                .otherName(oid: "1.3.6.1.4.1.57264.1.7", value: "signer-username"),
            ])
        #expect(leaf.extension(oid: OID.subjectAlternativeName)?.critical == true)
        let issuer = "https://token.actions.githubusercontent.com"
        #expect(leaf.extensionUTF8String(oid: "1.3.6.1.4.1.57264.1.8") == issuer)
        #expect(leaf.extensionRawString(oid: "1.3.6.1.4.1.57264.1.1") == issuer)
        #expect(leaf.extensionUTF8String(oid: "1.3.6.1.4.1.57264.1.1") == nil)
        #expect(leaf.extension(oid: "1.3.6.1.4.1.57264.1.8")?.value.first == 0x0C)
        #expect(leaf.extension(oid: "1.2.3.4") == nil)
        #expect(leaf.extendedKeyUsage == [OID.codeSigning])
        #expect(leaf.keyUsage == [.digitalSignature])
        #expect(!leaf.isCA)
        #expect(leaf.fingerprint(.sha256) == Digest.of(leaf.der, using: .sha256))
    }

    @Test("CA fields and round trips through DER and PEM")
    func caFields() throws {
        let root = try Fixtures.certificate("root.pem")
        #expect(root.isCA)
        #expect(root.keyUsage == [.keyCertSign, .cRLSign])
        #expect(root.extendedKeyUsage.isEmpty)
        #expect(root.subjectAlternativeNames.isEmpty)
        #expect(root.serialNumber == "1000")
        #expect(try Certificate(der: root.der, input: "der") == root)
        #expect(try Certificate.parsePEMChain(root.pem, input: "pem") == [root])
        let noEKU = try Fixtures.certificate("leaf-noeku.pem")
        #expect(noEKU.extendedKeyUsage.isEmpty)
        #expect(noEKU.subjectAlternativeNames == [.email("no-eku@example.com")])
    }

    @Test("malformed certificates are findings, not crashes")
    func malformed() throws {
        let der = try Fixtures.certificate("root.pem").der
        for bytes in [[], Array("garbage".utf8), Array(der.dropLast()), der + [0], Array(der.prefix(40))] {
            #expect(findingCode { try Certificate(der: bytes, input: "case") } == .cryptoCertificateMalformed)
        }
        let pem = try Fixtures.text("root.pem")
        let texts = [
            "", "no certificates here", try Fixtures.text("p256.pub"),
            pem.replacingOccurrences(of: "\n-----END", with: "!!\n-----END"),
            pem + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        ]
        for text in texts {
            #expect(findingCode { try Certificate.parsePEMChain(text, input: "case") } == .cryptoCertificateMalformed)
        }
    }

    @Test("every single-byte change of a certificate parses or is malformed, never crashes")
    func mutations() throws {
        let der = try Fixtures.certificate("leaf-codesign.pem").der
        for index in der.indices {
            for mask: UInt8 in [0x01, 0x80] {
                do {
                    let certificate = try Certificate(der: der.flipping(index, mask), input: "mutated")
                    #expect(certificate.der.count == der.count)
                } catch {
                    #expect(error.code == .cryptoCertificateMalformed)
                }
            }
        }
    }
}
