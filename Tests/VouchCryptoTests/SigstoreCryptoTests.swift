import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

/// The VouchCrypto pieces Sigstore verification needs: RFC 3161 tokens, embedded SCTs, and the certificate and
/// time-stamp issuers of the virtual Sigstore, checked against real Sigstore data and against each other.
@Suite("RFC 3161 tokens, SCTs and certificate issuance")
struct SigstoreCryptoTests {
    /// A conformance bundle and its trusted root, as parsed JSON.
    struct Case {
        let bundle: JSONCursor
        let root: JSONCursor

        init(_ name: String) throws {
            let folder = try TestPaths.externalSuite("sigstore-conformance").appendingPathComponent("cases/\(name)")
            bundle = try JSONDocument.parse(
                try Data(contentsOf: folder.appendingPathComponent("bundle.sigstore.json")), input: name
            ).cursor
            root = try JSONDocument.parse(
                try Data(contentsOf: folder.appendingPathComponent("trusted_root.json")), input: name
            ).cursor
        }

        func bytes(_ cursor: JSONCursor) throws -> [UInt8] {
            let text = try cursor.string().filter { $0 != "\n" && $0 != "\r" }
            return try #require(Base64.decode(text))
        }

        var leaf: Certificate {
            get throws {
                let raw = try bundle.required("verificationMaterial").required("certificate").required("rawBytes")
                return try Certificate(der: try bytes(raw), input: "leaf")
            }
        }

        func chain(_ list: String, _ index: Int) throws -> [Certificate] {
            let entry = try root.required(list).array()[index]
            return try entry.required("certChain").required("certificates").array().map {
                try Certificate(der: try bytes(try $0.required("rawBytes")), input: "chain")
            }
        }

        var timestamp: [UInt8] {
            get throws {
                try bytes(
                    try bundle.required("verificationMaterial").required("timestampVerificationData")
                        .required("rfc3161Timestamps").array()[0].required("signedTimestamp"))
            }
        }

        var signature: [UInt8] {
            get throws { try bytes(try bundle.required("messageSignature").required("signature")) }
        }
    }

    @Test("a Sigstore TSA token: fields, signer from the trusted root, signature and ESS binding")
    func sigstoreToken() throws {
        let data = try Case("rekor2-happy-path")
        let token = try TimestampToken(responseDER: try data.timestamp)
        #expect(token.genTime == (try VerificationTime(rfc3339: "2025-06-12T12:02:20Z")))
        #expect(token.policyOID == "1.3.6.1.4.1.57264.2")
        #expect(token.messageImprintAlgorithm == .sha256)
        #expect(token.messageImprint == Digest.of(try data.signature, using: .sha256).bytes)
        let chain = try data.chain("timestampAuthorities", 0)
        let check = try #require(token.checkSigner(among: chain + token.embeddedCertificates))
        #expect(check.signer == chain[0])
        #expect(check.signatureFailure == nil)
        #expect(check.binding == .matches)
        #expect(token.checkSigner(among: [chain[1]]) == nil)
        #expect(token.embeddedCertificates.contains(chain[0]))
    }

    @Test("a token without embedded certificates names its signer by issuer and serial")
    func tokenWithoutCertificates() throws {
        let data = try Case("rekor2-timestamp-without-embedded-cert")
        let token = try TimestampToken(responseDER: try data.timestamp)
        #expect(token.embeddedCertificates.isEmpty)
        let chain = try data.chain("timestampAuthorities", 0)
        let check = try #require(token.checkSigner(among: chain))
        #expect(check.signatureFailure == nil && check.binding == .matches)
    }

    @Test("bytes that are not a time-stamp response are refused with a reason")
    func malformedToken() throws {
        let data = try Case("rekor2-happy-path")
        let good = try data.timestamp
        #expect(throws: TimestampTokenError.self) { try TimestampToken(responseDER: Array(good.dropLast())) }
        #expect(throws: TimestampTokenError.self) { try TimestampToken(responseDER: []) }
        #expect(throws: TimestampTokenError.self) { try TimestampToken(responseDER: [0x30, 0x03, 0x02, 0x01, 0x02]) }
    }

    @Test("an embedded SCT verifies over the rebuilt precertificate, with and without SCT extensions")
    func embeddedSCT() throws {
        for (name, ctIndex) in [("rekor2-happy-path", 2), ("bundle-with-sct-with-extensions", 0)] {
            let data = try Case(name)
            let leaf = try data.leaf
            let issuer = try data.chain("certificateAuthorities", 0)[0]
            let scts = try leaf.embeddedSCTs()
            #expect(scts.count == 1)
            let sct = scts[0]
            let ctlog = try data.root.required("ctlogs").array()
            let keys = ctlog.compactMap {
                try? PublicKey(der: try data.bytes(try $0.required("publicKey").required("rawBytes")), input: "ct")
            }
            let key = try #require(keys.first { $0.keyID.bytes == sct.logID }, "\(name): CT log \(ctIndex) not found")
            let tbs = try leaf.precertificateTBS()
            #expect(tbs != (try leaf.tbsCertificateDER))
            let issuerKeyHash = Digest.of(try issuer.subjectPublicKeyInfoDER, using: .sha256).bytes
            let signed = sct.signedData(precertificateTBS: tbs, issuerKeyHash: issuerKeyHash)
            #expect(try key.isValidSignature(sct.signature, for: signed, using: .ecdsa(.sha256, encoding: .der)))
            #expect(
                !(try key.isValidSignature(
                    sct.signature, for: signed.flipping(20), using: .ecdsa(.sha256, encoding: .der))))
            if name == "bundle-with-sct-with-extensions" { #expect(sct.extensions.count == 8) }
        }
    }

    @Test("a PKCS #1 RSA key from the staging trusted root loads as a 4096-bit key")
    func pkcs1Key() throws {
        let root = try TestPaths.externalSuite("trust-roots").appendingPathComponent(
            "sigstore-staging/trusted_root.json")
        let document = try JSONDocument.parse(try Data(contentsOf: root), input: "staging")
        let raw = try document.cursor.required("ctlogs").array()[0].required("publicKey").required("rawBytes").string()
        let key = try PublicKey(pkcs1RSA: try #require(Base64.decode(raw)), input: "ct")
        #expect(key.kind == .rsa(bits: 4096))
        #expect(findingCode { try PublicKey(pkcs1RSA: [0x30, 0x00], input: "x") } == .cryptoKeyMalformed)
    }

    @Test("issued certificates carry their extensions; a precertificate TBS survives adding the SCT list")
    func builder() throws {
        let start = try VerificationTime(rfc3339: "2024-01-01T00:00:00Z")
        let end = try VerificationTime(rfc3339: "2034-01-01T00:00:00Z")
        let rootKey = try PrivateKey.generate(.ecP384)
        var rootBuilder = CertificateBuilder(
            subject: [("O", "vouch.test"), ("CN", "root")], publicKey: rootKey.publicKey, notBefore: start,
            notAfter: end)
        rootBuilder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign, .cRLSign])]
        let root = try rootBuilder.signed(by: rootKey, issuer: nil, digest: .sha384)
        #expect(root.isCA && root.isSelfIssued && root.keyUsage == [.keyCertSign, .cRLSign])

        let leafKey = try PrivateKey.generate(.ecP256)
        var leafBuilder = CertificateBuilder(
            subject: [], serialNumber: [0x42, 0x01], publicKey: leafKey.publicKey, notBefore: start, notAfter: end)
        leafBuilder.extensions = [
            .keyUsage([.digitalSignature]), try .extendedKeyUsage([OID.codeSigning]),
            try .subjectAlternativeNames([.email("a@example.com"), .uri("https://x.example/y")], critical: true),
            .rawString(oid: "1.3.6.1.4.1.57264.1.1", "https://issuer.example"),
            .utf8String(oid: "1.3.6.1.4.1.57264.1.8", "https://issuer.example"),
        ]
        let precert = try leafBuilder.signed(by: rootKey, issuer: root, digest: .sha384)
        let sct = SignedCertificateTimestamp(
            logID: Array(repeating: 7, count: 32), timestampMilliseconds: 1_700_000_000_123, extensions: [1, 2],
            signature: [9, 9])
        leafBuilder.extensions.append(
            CertificateExtension(
                oid: Certificate.signedCertificateTimestampListOID, critical: false,
                value: SignedCertificateTimestamp.listExtensionValue([sct])))
        let leaf = try leafBuilder.signed(by: rootKey, issuer: root, digest: .sha384)
        #expect(try leaf.precertificateTBS() == (try precert.tbsCertificateDER))
        #expect(try leaf.embeddedSCTs() == [sct])
        #expect(leaf.subjectAlternativeNames == [.email("a@example.com"), .uri("https://x.example/y")])
        #expect(leaf.extensionRawString(oid: "1.3.6.1.4.1.57264.1.1") == "https://issuer.example")
        #expect(leaf.extensionUTF8String(oid: "1.3.6.1.4.1.57264.1.8") == "https://issuer.example")
        #expect(leaf.serialNumber == "4201")
        #expect(leaf.issuer == root.subject && leaf.subject.isEmpty)
        let chain = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [], roots: [root], at: try VerificationTime(rfc3339: "2025-01-01T00:00:00Z"),
            requiredEKU: OID.codeSigning)
        #expect(chain.isVerified)
    }

    @Test("the virtual TSA issues tokens at the chosen time that verify, with or without certificates")
    func timestampSigner() throws {
        let start = try VerificationTime(rfc3339: "2024-01-01T00:00:00Z")
        let end = try VerificationTime(rfc3339: "2034-01-01T00:00:00Z")
        let rootKey = try PrivateKey.generate(.ecP256)
        var rootBuilder = CertificateBuilder(
            subject: [("CN", "tsa root")], publicKey: rootKey.publicKey, notBefore: start, notAfter: end)
        rootBuilder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign])]
        let root = try rootBuilder.signed(by: rootKey, issuer: nil)
        let tsaKey = try PrivateKey.generate(.ecP256)
        var tsaBuilder = CertificateBuilder(
            subject: [("CN", "tsa")], serialNumber: [2], publicKey: tsaKey.publicKey, notBefore: start, notAfter: end)
        tsaBuilder.extensions = [try .extendedKeyUsage(["1.3.6.1.5.5.7.3.8"], critical: true)]
        let tsa = try tsaBuilder.signed(by: rootKey, issuer: root)
        let signer = TimestampAuthoritySigner(certificate: tsa, key: tsaKey, chain: [root], policyOID: "1.2.3.4")
        let message: [UInt8] = Array("signature bytes".utf8)
        let time = try VerificationTime(rfc3339: "2026-03-04T05:06:07Z")
        for embed in [true, false] {
            let token = try TimestampToken(
                responseDER: try signer.timestamp(message, at: time, includeCertificates: embed, nonce: 77))
            #expect(token.genTime == time)
            #expect(token.policyOID == "1.2.3.4")
            #expect(token.nonce == "4d")
            #expect(token.messageImprint == Digest.of(message, using: .sha256).bytes)
            #expect(token.embeddedCertificates == (embed ? [tsa, root] : []))
            let check = try #require(token.checkSigner(among: [root, tsa]))
            #expect(check.signer == tsa)
            #expect(check.signatureFailure == nil)
            #expect(check.binding == .matches)
        }
    }
}
