import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore
import VouchTestSupport

@testable import VouchImage

/// `vouch verify attestation REF` end to end through the built binary: the options it shares with `vouch verify
/// image` (`--ca-roots`/`--ca-intermediates`, `--signature-repository`, `--check-blobs`/`--skip-blob-check`), the
/// RFC 3161 timestamp of a cosign `.att` layer (over the stored envelope, as `cosign attest` makes it) as the time a
/// certificate is judged at, and an image with nothing attached.
///
/// Layouts are made per test from testdata/oci's image by the test Sigstore of ``ImageAttestationTests``; its
/// trusted root and the keys are written beside them.
@Suite("vouch verify attestation REF: shared image options and .att timestamps")
struct ImageAttestationCLITests {
    static let sigstore = ImageAttestationTests.sigstore
    static let time = ["--time", "2026-03-01T12:00:00Z"]
    static let requirements = [
        "--type", "slsaprovenance", "--builder-id", ImageAttestationTests.builder, "--source-uri", "github.com/vouch/app",
    ]

    /// A folder with a copy of the image, its trusted root and the files tests name.
    struct Workspace {
        let directory: TemporaryDirectory
        var layout: LayoutBuilder
        let image: Digest

        init() throws {
            directory = try TemporaryDirectory("vouch-att-cli")
            layout = try LayoutBuilder(copying: "image", to: URL(fileURLWithPath: directory.path + "/layout"))
            image = try Digest(parsing: layout.entry(tagged: "1.0").string("digest")!)
            try write(JCS.canonicalBytes(ImageAttestationCLITests.sigstore.trustedRoot.json), "trusted_root.json")
        }

        @discardableResult
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let path = directory.path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        var root: String { directory.path + "/trusted_root.json" }
        var reference: String { "oci:\(layout.directory.path):1.0" }

        /// Attaches `layers` as the image's `.att` image and writes the layout.
        mutating func attest(_ layers: [SignatureLayer]) throws {
            try ImageAttestationTests.signer.attach(layers, to: &layout, subject: image, tag: "sha256-\(image.hex).att")
            try layout.write()
        }
    }

    // MARK: .att layers

    /// A DSSE envelope over `statement` signed by `key`, as `cosign attest` stores it.
    static func envelope(_ statement: [UInt8], key: PrivateKey, algorithm: SignatureAlgorithm) throws -> (
        envelope: [UInt8], signature: [UInt8]
    ) {
        let type = DSSEEnvelope.inTotoPayloadType
        let signature = try key.signature(
            for: DSSEEnvelope.pae(payloadType: type, payload: statement), using: algorithm)
        let envelope = JCS.canonicalBytes([
            "payloadType": .init(.string(type)), "payload": .init(.string(Base64.encode(statement))),
            "signatures": [["keyid": "", "sig": .init(.string(Base64.encode(signature)))]],
        ])
        return (envelope, signature)
    }

    /// What the RFC 3161 annotation of a keyless `.att` layer stamps.
    enum Stamp {
        /// No timestamp annotation.
        case none
        /// The stored envelope, as `cosign attest --timestamp-server-url` does, a second after signing.
        case envelope
        /// The envelope's signature bytes (what a Sigstore bundle's timestamp covers), which cosign never stamps.
        case signatureBytes
        /// The envelope, by a timestamp authority the trusted root does not list (its certificate embedded).
        case untrustedAuthority
        /// The envelope, an hour after signing: outside the ten-minute certificate.
        case afterCertificate
    }

    /// A keyless `.att` layer: certificate and chain annotations, an intoto 0.0.1 log entry unless `logged` is false
    /// (recording the envelope, its payload and the certificate), and the timestamp `stamp` says.
    static func keylessLayer(_ statement: [UInt8], logged: Bool = true, stamp: Stamp) throws -> SignatureLayer {
        let key = try PrivateKey.generate(.ecP256)
        let certificate = try sigstore.certificate(for: key)
        let (envelope, signature) = try envelope(statement, key: key, algorithm: .ecdsa(.sha256, encoding: .der))
        var annotations = [
            "dev.cosignproject.cosign/signature": "",
            "dev.sigstore.cosign/certificate": certificate.pem,
            "dev.sigstore.cosign/chain": sigstore.intermediate.pem + sigstore.root.pem,
        ]
        if logged {
            let body = JCS.canonicalBytes([
                "apiVersion": "0.0.1", "kind": "intoto",
                "spec": [
                    "content": [
                        "hash": ["algorithm": "sha256", "value": .init(.string(Digest.of(envelope, using: .sha256).hex))],
                        "payloadHash": [
                            "algorithm": "sha256", "value": .init(.string(Digest.of(statement, using: .sha256).hex)),
                        ],
                    ],
                    "publicKey": .init(.string(Base64.encode(Array(certificate.pem.utf8)))),
                ],
            ])
            annotations["dev.sigstore.cosign/bundle"] = TestSigstore.bundleAnnotation(try sigstore.logEntry(body: body))
        }
        let token: [UInt8]?
        switch stamp {
        case .none: token = nil
        case .envelope: token = try sigstore.timestamp(envelope)
        case .signatureBytes: token = try sigstore.timestamp(signature)
        case .untrustedAuthority:
            // A timestamp authority of its own making, its certificate embedded in the token.
            let rogueKey = try PrivateKey.generate(.ecP256)
            var rogue = CertificateBuilder(
                subject: [("O", "elsewhere.test"), ("CN", "rogue-tsa")], serialNumber: [5],
                publicKey: rogueKey.publicKey,
                notBefore: VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch - 86_400),
                notAfter: VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch + 86_400))
            rogue.extensions = [
                .keyUsage([.digitalSignature]), try .extendedKeyUsage(["1.3.6.1.5.5.7.3.8"], critical: true),
            ]
            token = try TimestampAuthoritySigner(
                certificate: try rogue.signed(by: rogueKey, issuer: nil), key: rogueKey, chain: [],
                policyOID: "1.3.6.1.4.1.57264.2"
            ).timestamp(envelope, at: VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch + 1))
        case .afterCertificate:
            token = try TimestampAuthoritySigner(
                certificate: sigstore.tsaCertificate, key: sigstore.tsaKey, chain: [sigstore.tsaRoot],
                policyOID: "1.3.6.1.4.1.57264.2"
            ).timestamp(envelope, at: VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch + 3600))
        }
        if let token {
            annotations["dev.sigstore.cosign/rfc3161timestamp"] = JCS.canonicalString([
                "SignedRFC3161Timestamp": .init(.string(Base64.encode(token)))
            ])
        }
        return SignatureLayer(payload: envelope, mediaType: AttachedSignature.dsseMediaType, annotations: annotations)
    }

    static func identity(_ workspace: Workspace) -> [String] {
        [
            "--certificate-identity", TestSigstore.identity, "--certificate-oidc-issuer", TestSigstore.issuer,
            "--trusted-root", workspace.root,
        ]
    }

    static func verify(_ arguments: [String]) throws -> ImageCLI.Result {
        try ImageCLI.run(["verify", "attestation"] + arguments + ["--format", "json"])
    }

    static func errors(_ run: ImageCLI.Result) -> Set<String> {
        Set(
            ((try? run.document?.required("findings").array()) ?? []).compactMap { finding in
                (try? finding.required("severity").string()) == "error" ? try? finding.required("code").string() : nil
            })
    }

    // MARK: RFC 3161 timestamps of .att layers

    @Test("an .att layer's timestamp over the stored envelope verifies and counts as the certificate's time")
    func timestampOverEnvelope() throws {
        var workspace = try Workspace()
        defer { workspace.directory.remove() }
        try workspace.attest([
            try Self.keylessLayer(ImageAttestationTests.statement(subject: workspace.image), stamp: .envelope)
        ])
        let run = try Self.verify([workspace.reference] + Self.identity(workspace) + Self.requirements + Self.time)
        #expect(run.status == 0 && run.verdict == "verified", "\(run.stdout) \(run.stderr)")
        #expect(Self.errors(run).isEmpty && !run.codes.contains { $0.hasPrefix("sigstore.timestamp") })
    }

    @Test("without a log entry, the timestamp alone vouches for the signing time (--insecure-ignore-tlog)")
    func timestampIsTheSigningTime() throws {
        var stamped = try Workspace()
        defer { stamped.directory.remove() }
        try stamped.attest([
            try Self.keylessLayer(
                ImageAttestationTests.statement(subject: stamped.image), logged: false, stamp: .envelope)
        ])
        // A day later the ten-minute certificate has long expired: only the timestamp's genTime can vouch for it.
        let later = ["--time", "2026-03-02T12:00:00Z", "--insecure-ignore-tlog"]
        let run = try Self.verify([stamped.reference] + Self.identity(stamped) + Self.requirements + later)
        #expect(run.status == 0 && run.verdict == "verified", "\(run.stdout) \(run.stderr)")
        #expect(
            try run.document?.required("result").required("unsafe").array().map { try $0.string() }
                == ["ignore-transparency-log"])
        // The switch is named in a warning, as `verify image` (and cosign) do.
        #expect(run.codes.contains("image.unsafe.transparency-log-ignored"), "\(run.codes)")

        var unstamped = try Workspace()
        defer { unstamped.directory.remove() }
        try unstamped.attest([
            try Self.keylessLayer(ImageAttestationTests.statement(subject: unstamped.image), logged: false, stamp: .none)
        ])
        let judgedNow = try Self.verify([unstamped.reference] + Self.identity(unstamped) + Self.requirements + later)
        #expect(judgedNow.status == 1 && judgedNow.verdict == "not-verified")
        #expect(Self.errors(judgedNow).contains("sigstore.certificate.not-valid-at-time"), "\(judgedNow.codes)")
        // Without the switch, a timestamp does not replace the log entry (cosign's rule).
        let logRequired = try Self.verify([stamped.reference] + Self.identity(stamped) + Self.requirements + Self.time)
        #expect(logRequired.status == 1 && Self.errors(logRequired).contains("sigstore.bundle.tlog-entry-missing"))
    }

    @Test(
        "an invalid .att timestamp fails with the timestamp codes",
        arguments: [
            (Stamp.signatureBytes, "sigstore.timestamp.imprint-mismatch"),
            (Stamp.untrustedAuthority, "sigstore.timestamp.untrusted"),
            (Stamp.afterCertificate, "sigstore.certificate.not-valid-at-time"),
        ])
    func invalidTimestamp(_ stamp: Stamp, _ code: String) throws {
        var workspace = try Workspace()
        defer { workspace.directory.remove() }
        try workspace.attest([
            try Self.keylessLayer(ImageAttestationTests.statement(subject: workspace.image), stamp: stamp)
        ])
        let run = try Self.verify([workspace.reference] + Self.identity(workspace) + Self.requirements + Self.time)
        #expect(run.status == 1 && run.verdict == "not-verified", "\(run.stdout)")
        #expect(Self.errors(run).isSuperset(of: [code, "image.attestation.not-verified"]), "\(run.codes)")
        // Located at the layer's timestamp annotation (or, for the certificate, its certificate annotation).
        let text = try VouchProcess.run(
            ["verify", "attestation", workspace.reference] + Self.identity(workspace) + Self.requirements + Self.time,
            environment: ["VOUCH_TRUSTED_ROOT": ""])
        let annotation =
            code.hasPrefix("sigstore.timestamp") ? "dev.sigstore.cosign~1rfc3161timestamp" : "dev.sigstore.cosign~1"
        #expect(
            text.stderr.split(separator: "\n").contains { $0.contains("error[\(code)]") && $0.contains(annotation) },
            "\(text.stderr)")
    }

    // MARK: Nothing attached

    @Test("an image with nothing attached: image.attestation.none, exit 1")
    func nothingAttached() throws {
        let run = try Self.verify(
            [
                "oci:\(TestFixtures.layout("unsigned")):1.0", "--key", TestPaths.fixture("image/keys/cosign.pub").path,
                "--insecure-ignore-tlog", "--type", "slsaprovenance",
            ])
        #expect(run.status == 1 && run.verdict == "unattested", "\(run.stdout)")
        #expect(Self.errors(run) == ["image.attestation.none"])
        #expect(run.stdout.contains("\"attestations\":[]"))
    }

    // MARK: Options shared with verify image

    @Test("--ca-roots and --ca-intermediates: an .att layer signed by a private PKI's certificate")
    func privatePKI() throws {
        var workspace = try Workspace()
        defer { workspace.directory.remove() }
        // A private CA (root, intermediate) and a leaf for signer@vouch.test, valid for a year around the time.
        let start = VerificationTime(secondsSinceEpoch: Self.sigstore.now.secondsSinceEpoch - 86_400)
        let end = VerificationTime(secondsSinceEpoch: start.secondsSinceEpoch + 365 * 86_400)
        func certificate(
            _ name: String, serial: UInt8, key: PrivateKey, ca: Bool, by issuerKey: PrivateKey, _ issuer: Certificate?
        ) throws -> Certificate {
            var builder = CertificateBuilder(
                subject: [("CN", name)], serialNumber: [serial], publicKey: key.publicKey, notBefore: start,
                notAfter: end)
            builder.extensions =
                ca
                ? [.basicConstraints(isCA: true), .keyUsage([.keyCertSign])]
                : [
                    .keyUsage([.digitalSignature]),
                    try .subjectAlternativeNames([.email("signer@vouch.test")], critical: false),
                ]
            return try builder.signed(by: issuerKey, issuer: issuer)
        }
        let rootKey = try PrivateKey.generate(.ecP256)
        let caKey = try PrivateKey.generate(.ecP256)
        let leafKey = try PrivateKey.generate(.ecP256)
        let root = try certificate("private root", serial: 1, key: rootKey, ca: true, by: rootKey, nil)
        let intermediate = try certificate("private intermediate", serial: 2, key: caKey, ca: true, by: rootKey, root)
        let leaf = try certificate("signer", serial: 3, key: leafKey, ca: false, by: caKey, intermediate)
        let pki = (root: root, intermediate: intermediate)
        let (envelope, _) = try Self.envelope(
            ImageAttestationTests.statement(subject: workspace.image), key: leafKey,
            algorithm: .ecdsa(.sha256, encoding: .der))
        try workspace.attest([
            SignatureLayer(
                payload: envelope, mediaType: AttachedSignature.dsseMediaType,
                annotations: ["dev.cosignproject.cosign/signature": "", "dev.sigstore.cosign/certificate": leaf.pem])
        ])
        let roots = try workspace.write(Array(pki.root.pem.utf8), "roots.pem")
        let intermediates = try workspace.write(Array(pki.intermediate.pem.utf8), "intermediates.pem")
        let identity = [
            "--certificate-identity", "signer@vouch.test", "--certificate-oidc-issuer-regexp", "^.*$",
            "--insecure-ignore-tlog",
        ]
        let common = [workspace.reference] + identity + Self.requirements + Self.time
        let run = try Self.verify(common + ["--ca-roots", roots, "--ca-intermediates", intermediates])
        #expect(run.status == 0 && run.verdict == "verified", "\(run.stdout) \(run.stderr)")
        let attestation = try #require(try run.document?.required("result").required("attestations").array().first)
        #expect(
            try attestation.required("signer").string()
                == "email:signer@vouch.test (certificate of the private PKI, \(pki.intermediate.subject))")

        // The leaf does not reach the root without the intermediates (no chain annotation).
        let unchained = try Self.verify(common + ["--ca-roots", roots])
        #expect(unchained.status == 1 && unchained.verdict == "not-verified")
        #expect(Self.errors(unchained).contains("sigstore.certificate.untrusted"), "\(unchained.codes)")
        // Another identity of the same PKI does not match.
        let stranger = try Self.verify(
            [workspace.reference, "--certificate-identity", "other@vouch.test", "--certificate-oidc-issuer-regexp",
             "^.*$", "--insecure-ignore-tlog", "--ca-roots", roots, "--ca-intermediates", intermediates]
                + Self.requirements + Self.time)
        #expect(stranger.status == 1 && Self.errors(stranger).contains("sigstore.identity.san-mismatch"))
        // Without --ca-roots the certificate is judged against the Sigstore root, which did not issue it.
        let sigstoreRoot = try Self.verify(common + ["--trusted-root", workspace.root])
        #expect(sigstoreRoot.status == 1 && sigstoreRoot.verdict == "not-verified")
    }

    @Test("--check-blobs and --skip-blob-check: the image's content decides as for verify image")
    func contentCheck() throws {
        var workspace = try Workspace()
        defer { workspace.directory.remove() }
        try workspace.attest([
            try ImageAttestationTests.attestationLayer(
                ImageAttestationTests.statement(subject: workspace.image), key: ImageAttestationCLITests.key)
        ])
        let key = try workspace.write(Array(Self.key.publicKey.pem.utf8), "cosign.pub")
        let common = [workspace.reference, "--key", key, "--trusted-root", workspace.root] + Self.requirements
            + Self.time
        let intact = try Self.verify(common)
        #expect(intact.status == 0 && intact.verdict == "verified", "\(intact.stdout)")
        #expect(try intact.document?.required("result").required("contentChecked").bool() == true)

        // One byte of an image layer changed: the image is not what its digests say.
        let manifest = try JSONDocument.parse(
            Data(contentsOf: workspace.layout.path(of: workspace.image)), input: "manifest")
        let layer = try Digest(parsing: try manifest.cursor.required("layers").array()[0].required("digest").string())
        var bytes = try Data(contentsOf: workspace.layout.path(of: layer))
        bytes[bytes.startIndex] ^= 0x01
        try bytes.write(to: workspace.layout.path(of: layer))
        let tampered = try Self.verify(common)
        #expect(tampered.status == 1 && tampered.verdict == "invalid", "\(tampered.stdout)")
        #expect(Self.errors(tampered).isSuperset(of: ["oci.blob.digest-mismatch", "image.verdict.invalid"]))
        #expect(!tampered.codes.contains("image.attestation.not-verified"))

        let skipped = try Self.verify(common + ["--skip-blob-check"])
        #expect(skipped.status == 0 && skipped.verdict == "verified", "\(skipped.stdout)")
        #expect(try skipped.document?.required("result").required("contentChecked").bool() == false)
        let note = try #require(
            try skipped.document?.required("findings").array().first {
                try $0.required("code").string() == "image.content.not-checked"
            })
        #expect(try note.required("severity").string() == "warning")
        let text = try VouchProcess.run(["verify", "attestation"] + common + ["--skip-blob-check"])
        #expect(text.stdout.contains("  content: not checked"))
    }

    static let key = try! PrivateKey.generate(.ecP256)

    @Test("--signature-repository and --check-blobs: attestations kept in another repository of a registry")
    func registry() throws {
        var workspace = try Workspace()
        defer { workspace.directory.remove() }
        try workspace.attest([
            try ImageAttestationTests.attestationLayer(
                ImageAttestationTests.statement(subject: workspace.image), key: Self.key)
        ])
        let key = try workspace.write(Array(Self.key.publicKey.pem.utf8), "cosign.pub")
        let registry = try LocalRegistry()
        let path = workspace.layout.directory.path
        try registry.push(layout: path, tag: "1.0", to: "vouch/app")
        try registry.push(layout: path, tag: "sha256-\(workspace.image.hex).att", to: "vouch/attestations")
        let image = "\(registry.hostPort)/vouch/app:1.0"
        let common =
            [image, "--key", key, "--trusted-root", workspace.root, "--insecure-registry", registry.hostPort]
            + Self.requirements + Self.time

        let elsewhere = try Self.verify(
            common + ["--signature-repository", "\(registry.hostPort)/vouch/attestations", "--check-blobs"])
        #expect(elsewhere.status == 0 && elsewhere.verdict == "verified", "\(elsewhere.stdout) \(elsewhere.stderr)")
        #expect(try elsewhere.document?.required("result").required("contentChecked").bool() == true)
        #expect(!elsewhere.codes.contains("image.content.not-checked"))

        let unchecked = try Self.verify(common + ["--signature-repository", "\(registry.hostPort)/vouch/attestations"])
        #expect(unchecked.status == 0 && unchecked.verdict == "verified")
        #expect(try unchecked.document?.required("result").required("contentChecked").bool() == false)
        #expect(unchecked.codes.contains("image.content.not-checked"))

        let here = try Self.verify(common)
        #expect(here.status == 1 && here.verdict == "unattested", "\(here.stdout)")
        #expect(Self.errors(here).contains("image.attestation.none"))
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["--key", "k.pub", "--ca-roots", "r.pem"],
            ["--certificate-identity", "x", "--certificate-oidc-issuer", "y", "--ca-intermediates", "i.pem"],
            ["--key", "k.pub", "--skip-blob-check", "--check-blobs"],
            ["--key", "k.pub", "--offline"],
        ])
    func usage(_ arguments: [String]) throws {
        let run = try VouchProcess.run(
            ["verify", "attestation", "registry.vouch.test/app:1.0", "--type", "slsaprovenance"] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }

    @Test(
        "the image options do not apply to envelopes and bundles",
        arguments: [
            ["--ca-roots", "r.pem"], ["--signature-repository", "registry.vouch.test/sigs"], ["--check-blobs"],
            ["--skip-blob-check"],
        ])
    func imageOnly(_ arguments: [String]) throws {
        let run = try VouchProcess.run(
            ["verify", "attestation", "--envelope", "e.json", "--digest", "sha256:" + String(repeating: "0", count: 64),
             "--key", "k.pub", "--type", "slsaprovenance"] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }
}
