import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI
import VouchSigstore
import VouchTestSupport

@testable import VouchImage

/// containers/image `dir:` images written here: signature files, formats that are not cosign's, blobs checked,
/// a private PKI's certificates.
@Suite("dir: images")
struct DirectoryImageTests {
    /// Writes a `dir:` image: the fixture image's manifest and blobs, and a signature file per layer.
    static func write(
        _ layers: [SignatureLayer], to directory: TemporaryDirectory, name: String = "image", blobs: Bool = true,
        raw: [Data] = []
    ) throws -> String {
        let path = directory.path + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let layout = TestPaths.fixture("oci/image/blobs/sha256")
        try Data(contentsOf: layout.appendingPathComponent(TestFixtures.imageDigest.hex))
            .write(to: URL(fileURLWithPath: path + "/manifest.json"))
        if blobs {
            for name in try FileManager.default.contentsOfDirectory(atPath: layout.path)
            where name != TestFixtures.imageDigest.hex {
                try Data(contentsOf: layout.appendingPathComponent(name)).write(
                    to: URL(fileURLWithPath: path + "/" + name))
            }
        }
        let files =
            try layers.map { layer -> Data in
                let document: JSONNode = [
                    "mimeType": .init(.string(layer.mediaType)),
                    "payload": .init(.string(Base64.encode(layer.payload))),
                    "annotations": .init(
                        .object(
                            JSONObject(
                                layer.annotations.map { JSONMember(key: $0.key, value: .init(.string($0.value))) }))),
                ]
                return Data([0]) + Data("sigstore-json\n".utf8) + Data(JCS.canonicalBytes(document))
            } + raw
        for (index, file) in files.enumerated() {
            try file.write(to: URL(fileURLWithPath: "\(path)/signature-\(index + 1)"))
        }
        return path
    }

    static let key = try! PrivateKey.generate(.ecP256)
    static let signer = CosignFixtureSigner(sigstore: try! TestSigstore())
    static let payload = CosignFixtureSigner.payload(digest: TestFixtures.imageDigest.description)

    static func verify(
        _ path: String, policy: ImageSignaturePolicy? = nil, checkContent: Bool = true
    ) async throws
        -> ImageVerification
    {
        let options = ImageVerificationOptions(
            checkContent: checkContent, unsafe: UnsafeVerificationOptions(ignoreTransparencyLog: true),
            time: TestFixtures.time)
        return try await ImageVerifier(policy: policy ?? .keys([Self.key.publicKey]), options: options)
            .verify(try DirectoryImageStore(path: path))
    }

    @Test("a signature file verifies; blobs named by hex are checked")
    func signed() async throws {
        let directory = try TemporaryDirectory("vouch-dir")
        defer { directory.remove() }
        let path = try Self.write([try Self.signer.keyLayer(Self.payload, key: Self.key, logged: false)], to: directory)
        let result = try await Self.verify(path)
        #expect(result.verdict == .verified && result.contentChecked, "\(result.findings)")
        #expect(result.digest == TestFixtures.imageDigest)
        let layer = try FileManager.default.contentsOfDirectory(atPath: path).first {
            $0.count == 64 && $0 != TestFixtures.imageDigest.hex
        }!
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: path + "/" + layer))
        let tampered = try await Self.verify(path)
        #expect(tampered.verdict == .invalid && tampered.codes.contains(.ociBlobDigestMismatch))
        try FileManager.default.removeItem(atPath: path + "/" + layer)
        #expect(try await Self.verify(path).codes.contains(.ociBlobMissing))
        #expect(try await Self.verify(path, checkContent: false).verdict == .verified)
    }

    @Test("signature files that are not cosign's are noted and not counted; a damaged one counts and fails")
    func otherFormats() async throws {
        let directory = try TemporaryDirectory("vouch-dir")
        defer { directory.remove() }
        let gpg = Data([0x89, 0x01, 0x02])
        let other = Data([0]) + Data("something-else\n{}".utf8)
        let path = try Self.write([], to: directory, raw: [gpg, other])
        let result = try await Self.verify(path)
        #expect(result.verdict == .unsigned)
        #expect(result.findings.filter { $0.code == .imageSignatureFormatUnsupported }.count == 2)
        let damaged = Data([0]) + Data(#"sigstore-json\#n{"mimeType":"x","payload":"!!"}"#.utf8)
        try damaged.write(to: URL(fileURLWithPath: path + "/signature-3"))
        let broken = try await Self.verify(path)
        #expect(broken.verdict == .invalid && broken.codes.contains(.imageSignatureBase64Invalid))
    }

    @Test("a directory without manifest.json is not a dir: image")
    func notAnImage() throws {
        let directory = try TemporaryDirectory("vouch-dir")
        defer { directory.remove() }
        #expect(findingCode { try DirectoryImageStore(path: directory.path) } == .imageDirectoryInvalid)
        #expect(findingCode { try DirectoryImageStore(path: directory.path + "/missing") } == .inputUnreadable)
        let run = try VouchProcess.run([
            "verify", "image", "dir:" + directory.path, "--key", TestPaths.fixture("image/keys/cosign.pub").path,
        ])
        #expect(run.status == 2 && run.stderr.contains("image.directory.invalid"))
    }

    /// A private CA (root, intermediate) and a leaf for `email`, with the given extended key usages.
    static func privatePKI(
        eku: [String]?
    ) throws -> (root: Certificate, intermediate: Certificate, layer: SignatureLayer) {
        let start = VerificationTime(secondsSinceEpoch: TestFixtures.time.secondsSinceEpoch - 86_400)
        let end = VerificationTime(secondsSinceEpoch: TestFixtures.time.secondsSinceEpoch + 365 * 86_400)
        let rootKey = try PrivateKey.generate(.ecP256)
        var rootBuilder = CertificateBuilder(
            subject: [("CN", "private root")], publicKey: rootKey.publicKey, notBefore: start, notAfter: end)
        rootBuilder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign])]
        let root = try rootBuilder.signed(by: rootKey, issuer: nil)
        let caKey = try PrivateKey.generate(.ecP256)
        var caBuilder = CertificateBuilder(
            subject: [("CN", "private intermediate")], serialNumber: [2], publicKey: caKey.publicKey, notBefore: start,
            notAfter: end)
        caBuilder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign])]
        let intermediate = try caBuilder.signed(by: rootKey, issuer: root)
        let leafKey = try PrivateKey.generate(.rsa(bits: 2048))
        var leafBuilder = CertificateBuilder(
            subject: [("CN", "signer")], serialNumber: [3], publicKey: leafKey.publicKey, notBefore: start,
            notAfter: end)
        leafBuilder.extensions = [
            .keyUsage([.digitalSignature]),
            try .subjectAlternativeNames([.email("signer@vouch.test"), .dns("build.vouch.test")], critical: false),
        ]
        if let eku { leafBuilder.extensions.append(try .extendedKeyUsage(eku)) }
        let leaf = try leafBuilder.signed(by: caKey, issuer: intermediate)
        let signature = try leafKey.signature(for: payload, using: .rsaPKCS1v15(.sha256))
        return (
            root, intermediate,
            SignatureLayer(
                payload: payload,
                annotations: [
                    "dev.cosignproject.cosign/signature": Base64.encode(signature),
                    "dev.sigstore.cosign/certificate": leaf.pem, "dev.sigstore.cosign/chain": intermediate.pem,
                ])
        )
    }

    @Test("a private PKI: chain through the chain annotation, code signing only when usages are listed, identity")
    func privateCertificates() async throws {
        let directory = try TemporaryDirectory("vouch-dir")
        defer { directory.remove() }
        func policy(
            _ root: Certificate, identity: String = "signer@vouch.test",
            issuer: StringMatcher = .regularExpression("^.*$")
        )
            -> ImageSignaturePolicy
        {
            .certificateAuthority(
                CertificateAuthorityPolicy(
                    roots: [root],
                    identity: CertificateIdentity(subjectAlternativeName: .exact(identity), issuer: issuer)))
        }
        let plain = try Self.privatePKI(eku: nil)
        let path = try Self.write([plain.layer], to: directory)
        let verified = try await Self.verify(path, policy: policy(plain.root))
        #expect(verified.verdict == .verified, "\(verified.findings)")
        #expect(verified.signatures.first?.privateCertificate != nil)
        #expect(
            try await Self.verify(path, policy: policy(plain.root, identity: "build.vouch.test")).verdict == .verified)
        let stranger = try await Self.verify(path, policy: policy(plain.root, identity: "other@vouch.test"))
        #expect(stranger.verdict == .noMatch && stranger.codes.contains(.sigstoreIdentitySANMismatch))
        let issuer = try await Self.verify(path, policy: policy(plain.root, issuer: .exact("https://issuer")))
        #expect(issuer.codes.contains(.sigstoreIdentityIssuerMismatch))
        let otherRoot = try Self.privatePKI(eku: nil).root
        #expect(try await Self.verify(path, policy: policy(otherRoot)).codes.contains(.sigstoreCertificateUntrusted))

        let serverOnly = try Self.privatePKI(eku: ["1.3.6.1.5.5.7.3.1"])
        let path2 = try Self.write([serverOnly.layer], to: directory, name: "server-only")
        #expect(try await Self.verify(path2, policy: policy(serverOnly.root)).codes.contains(.cryptoChainEKUMissing))
        let codeSigning = try Self.privatePKI(eku: [OID.codeSigning])
        let path3 = try Self.write([codeSigning.layer], to: directory, name: "code-signing")
        #expect(try await Self.verify(path3, policy: policy(codeSigning.root)).verdict == .verified)
    }
}
