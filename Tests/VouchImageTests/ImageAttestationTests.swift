import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI
import VouchSigstore
import VouchTestSupport

@testable import VouchImage

/// Attestations of images through ``ImageAttestationVerifier``: `.att` layers signed by a key and logged as Rekor
/// intoto 0.0.1 entries (as cosign did), BuildKit's unsigned statements, and the 40 slsa-verifier cases of the
/// oci-cosign suite.
@Suite("image attestations")
struct ImageAttestationTests {
    static let sigstore = try! TestSigstore()
    static let signer = CosignFixtureSigner(sigstore: sigstore)
    static let builder = "https://github.com/vouch/builder/.github/workflows/build.yml@refs/tags/v1.0.0"

    /// A SLSA provenance v0.2 statement (or another predicate type) about `subject`.
    static func statement(subject: Digest, predicateType: String = PredicateTypeMatcher.slsaProvenanceV02) -> [UInt8] {
        JCS.canonicalBytes([
            "_type": "https://in-toto.io/Statement/v0.1",
            "subject": [["name": "registry.vouch.test/app", "digest": ["sha256": .init(.string(subject.hex))]]],
            "predicateType": .init(.string(predicateType)),
            "predicate": [
                "builder": ["id": .init(.string(builder))], "buildType": "https://vouch.test/build/v1",
                "invocation": [
                    "configSource": [
                        "uri": "git+https://github.com/vouch/app@refs/tags/v1.0.0",
                        "digest": ["sha1": "0123456789abcdef0123456789abcdef01234567"],
                    ]
                ],
            ],
        ])
    }

    /// A cosign `.att` layer: a DSSE envelope signed by `key`, logged as an intoto 0.0.1 entry (which records the
    /// envelope's and payload's hashes and the key), or with `loggedEnvelope` recording another envelope.
    static func attestationLayer(
        _ statement: [UInt8], key: PrivateKey, loggedEnvelope: [UInt8]? = nil
    ) throws -> SignatureLayer {
        let type = DSSEEnvelope.inTotoPayloadType
        let signature = try key.signature(
            for: DSSEEnvelope.pae(payloadType: type, payload: statement), using: .ecdsa(.sha256, encoding: .der))
        let envelope = JCS.canonicalBytes([
            "payloadType": .init(.string(type)), "payload": .init(.string(Base64.encode(statement))),
            "signatures": [["keyid": "", "sig": .init(.string(Base64.encode(signature)))]],
        ])
        let body = JCS.canonicalBytes([
            "apiVersion": "0.0.1", "kind": "intoto",
            "spec": [
                "content": [
                    "hash": [
                        "algorithm": "sha256",
                        "value": .init(.string(Digest.of(loggedEnvelope ?? envelope, using: .sha256).hex)),
                    ],
                    "payloadHash": [
                        "algorithm": "sha256", "value": .init(.string(Digest.of(statement, using: .sha256).hex)),
                    ],
                ],
                "publicKey": .init(.string(Base64.encode(Array(key.publicKey.pem.utf8)))),
            ],
        ])
        return SignatureLayer(
            payload: envelope, mediaType: AttachedSignature.dsseMediaType,
            annotations: [
                "dev.cosignproject.cosign/signature": "",
                "dev.sigstore.cosign/bundle": TestSigstore.bundleAnnotation(try sigstore.logEntry(body: body)),
            ])
    }

    /// A copy of the `image` layout with `.att` layers about its image (`subject` overrides the statements' subject).
    static func layout(
        _ directory: TemporaryDirectory, key: PrivateKey, predicateType: String = PredicateTypeMatcher.slsaProvenanceV02,
        subject: Digest? = nil, loggedEnvelope: [UInt8]? = nil
    ) throws -> (LayoutImageStore, Digest) {
        var layout = try LayoutBuilder(copying: "image", to: URL(fileURLWithPath: directory.path + "/layout"))
        let image = try Digest(parsing: layout.entry(tagged: "1.0").string("digest")!)
        let layer = try attestationLayer(
            statement(subject: subject ?? image, predicateType: predicateType), key: key,
            loggedEnvelope: loggedEnvelope)
        try signer.attach([layer], to: &layout, subject: image, tag: "sha256-\(image.hex).att")
        try layout.write()
        return (try LayoutImageStore(LayoutReference(path: layout.directory.path, tag: "1.0")), image)
    }

    static func verifier(
        key: PrivateKey, type: String = "slsaprovenance", builderID: String? = builder, platform: Platform? = nil,
        allowUnsigned: Bool = false
    ) throws -> ImageAttestationVerifier {
        ImageAttestationVerifier(
            images: ImageVerifier(
                policy: .keys([key.publicKey]), trustedRoot: sigstore.trustedRoot,
                options: ImageVerificationOptions(platform: platform, time: sigstore.now)),
            policy: AttestationPolicy(
                predicateType: try PredicateTypeMatcher(type), artifactDigests: [],
                provenance: ProvenancePolicy(builderID: builderID, sourceURI: "github.com/vouch/app")),
            allowUnsignedBuildKit: allowUnsigned)
    }

    @Test("a key-signed .att layer with SLSA provenance, logged as intoto 0.0.1, verifies with its checks listed")
    func keySignedProvenance() async throws {
        let directory = try TemporaryDirectory("vouch-att")
        defer { directory.remove() }
        let key = try PrivateKey.generate(.ecP256)
        let (store, image) = try Self.layout(directory, key: key)
        let result = try await Self.verifier(key: key).verify(store)
        #expect(result.verdict == .verified, "\(result.findings)")
        #expect(result.digest == image)
        let attestation = try #require(result.attestations.first)
        #expect(attestation.status == .verified && attestation.predicateType == PredicateTypeMatcher.slsaProvenanceV02)
        #expect(attestation.signer == "key \(key.publicKey.keyID)")
        #expect(attestation.checks.map(\.name) == ["signature", "statement", "subject", "predicate type", "provenance"])
        #expect(attestation.checks.allSatisfy { $0.outcome == "passed" })
        #expect(attestation.attestation?.provenance?.builderID == Self.builder)

        let other = try await Self.verifier(key: key, builderID: "https://github.com/evil/b.yml").verify(store)
        #expect(other.verdict == .notVerified)
        #expect(Set(other.findings.filter { $0.severity == .error }.map(\.code))
            == [.provenanceBuilderMismatch, .imageAttestationNotVerified])

        let stranger = try await Self.verifier(key: try PrivateKey.generate(.ecP256)).verify(store)
        #expect(stranger.verdict == .notVerified && stranger.attestations.first?.status == .failed)
    }

    @Test("an attestation of another predicate type is not-requested and fails the request with the type mismatch")
    func wrongPredicateType() async throws {
        let directory = try TemporaryDirectory("vouch-att")
        defer { directory.remove() }
        let key = try PrivateKey.generate(.ecP256)
        let (store, _) = try Self.layout(directory, key: key, predicateType: PredicateTypeMatcher.spdx)
        let result = try await Self.verifier(key: key).verify(store)
        #expect(result.verdict == .notVerified)
        #expect(result.attestations.first?.status == .notRequested)
        let codes = Set(result.findings.map(\.code))
        #expect(codes.isSuperset(of: [.predicateTypeMismatch, .imageAttestationNotRequested, .imageAttestationNotVerified]))
        // Asked for what is attached, it is judged as requested (this predicate is no SPDX document: it fails).
        let spdx = try await Self.verifier(key: key, type: "spdx", builderID: nil).verify(store)
        #expect(spdx.attestations.first?.status == .failed)
        #expect(!spdx.findings.contains { $0.code == .imageAttestationNotRequested })
    }

    @Test("an attestation about another image fails: the subject is checked against the image's digest")
    func subjectMismatch() async throws {
        let directory = try TemporaryDirectory("vouch-att")
        defer { directory.remove() }
        let key = try PrivateKey.generate(.ecP256)
        let (store, _) = try Self.layout(directory, key: key, subject: Digest.of(Array("other".utf8), using: .sha256))
        let result = try await Self.verifier(key: key).verify(store)
        #expect(result.verdict == .notVerified)
        #expect(result.findings.contains { $0.code == .sigstoreDSSESubjectMismatch && $0.severity == .error })
        #expect(result.attestations.first?.checks.contains { $0.name == "subject" && $0.outcome.hasPrefix("failed") }
            == true)
    }

    @Test("an intoto 0.0.1 entry that records another envelope does not vouch for the layer")
    func intotoEnvelopeBinding() async throws {
        let directory = try TemporaryDirectory("vouch-att")
        defer { directory.remove() }
        let key = try PrivateKey.generate(.ecP256)
        let (store, _) = try Self.layout(directory, key: key, loggedEnvelope: Array("{}".utf8))
        let result = try await Self.verifier(key: key).verify(store)
        #expect(result.verdict == .notVerified)
        #expect(result.findings.contains { $0.code == .sigstoreTlogEntryMismatch })
    }

    @Test("BuildKit's unsigned statements are refused, and accepted (recorded) with allowUnsignedBuildKit")
    func buildKit() async throws {
        let directory = try TemporaryDirectory("vouch-att")
        defer { directory.remove() }
        var layout = try LayoutBuilder(copying: "image", to: URL(fileURLWithPath: directory.path + "/layout"))
        let imageEntry = layout.entry(tagged: "1.0")
        let image = try Digest(parsing: imageEntry.string("digest")!)
        let config = try layout.blob(Array("{}".utf8), mediaType: "application/vnd.oci.image.config.v1+json")
        let statement = try layout.blob(
            Self.statement(subject: image), mediaType: BuildKitAttestation.statementMediaType
        ).with(annotation: "in-toto.io/predicate-type", PredicateTypeMatcher.slsaProvenanceV02)
        let attestationManifest = try layout.manifest([
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config,
            "layers": [statement],
        ]).with(annotation: BuildKitAttestation.referenceTypeAnnotation, BuildKitAttestation.attestationManifestType)
            .with(annotation: BuildKitAttestation.referenceDigestAnnotation, image.description)
            .setting("platform", ["os": "unknown", "architecture": "unknown"])
        let platformEntry: JSONNode = [
            "mediaType": .init(.string(imageEntry.string("mediaType")!)), "digest": .init(.string(image.description)),
            "size": imageEntry.member("size")!, "platform": ["os": "linux", "architecture": "amd64"],
        ]
        let index = try layout.manifest([
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [platformEntry, attestationManifest],
        ])
        layout.add(index, tag: "buildkit")
        try layout.write()
        let store = try LayoutImageStore(LayoutReference(path: layout.directory.path, tag: "buildkit"))
        let key = try PrivateKey.generate(.ecP256)
        let amd64 = Platform(parsing: "linux/amd64")

        let refused = try await Self.verifier(key: key, platform: amd64).verify(store)
        #expect(refused.verdict == .notVerified, "\(refused.findings)")
        #expect(refused.digest == image)
        #expect(refused.findings.contains { $0.code == .imageAttestationUnsigned && $0.severity == .error })
        #expect(refused.attestations.first?.signer == "unsigned")

        let accepted = try await Self.verifier(key: key, platform: amd64, allowUnsigned: true).verify(store)
        #expect(accepted.verdict == .verified, "\(accepted.findings)")
        #expect(accepted.attestations.first?.status == .unsignedAccepted)
        #expect(accepted.findings.contains { $0.code == .imageAttestationUnsigned && $0.severity == .warning })
        #expect(accepted.lines.contains("  UNSAFE: unsigned BuildKit attestations accepted"))

        let wholeIndex = try await Self.verifier(key: key, allowUnsigned: true).verify(store)
        #expect(wholeIndex.verdict == .none)
        #expect(wholeIndex.findings.contains { $0.code == .imageAttestationPerPlatform })
    }

    @Test("a cosign v3 DSSE bundle referrer is judged: its signature verifies, its empty SLSA v1 predicate does not")
    func v3Referrer() async throws {
        let verifier = ImageAttestationVerifier(
            images: try TestFixtures.verifier(keyless: true),
            policy: AttestationPolicy(predicateType: try PredicateTypeMatcher("slsaprovenance"), artifactDigests: []))
        let result = try await verifier.verify(try TestFixtures.store("v3-attestation-only"))
        #expect(result.verdict == .notVerified)
        let attestation = try #require(result.attestations.first)
        #expect(attestation.format == "cosign v3 (Sigstore bundle)")
        #expect(attestation.checks.first == ImageAttestationResult.Check(name: "signature", outcome: "passed"))
        #expect(result.findings.contains { $0.code == .predicateMalformed && $0.severity == .error })

        let other = ImageAttestationVerifier(
            images: try TestFixtures.verifier(keyless: true),
            policy: AttestationPolicy(predicateType: try PredicateTypeMatcher("spdx"), artifactDigests: []))
        let skipped = try await other.verify(try TestFixtures.store("v3-attestation-only"))
        #expect(skipped.verdict == .notVerified && skipped.attestations.first?.status == .notRequested)
    }

    // MARK: oci-cosign

    static let slsaCases: [ExternalCase] =
        ((try? ExternalCase.all(in: "oci-cosign")) ?? []).filter { $0.kind == "oci-layout-slsa-provenance" }

    /// The code that names the defect of a failing slsa-verifier case.
    static func expectedCode(_ id: String) -> FindingCode {
        id.hasSuffix("untrusted-builder") ? .provenanceBuilderMismatch
            : id.hasSuffix("wrong-branch") ? .provenanceBranchMismatch
            : id.hasSuffix("tag-required") ? .provenanceTagMismatch : .provenanceSourceMismatch
    }

    @Test("the 40 slsa-verifier cases: keyless signature, intoto log entry, provenance policy", arguments: slsaCases)
    func slsaCase(_ testCase: ExternalCase) async throws {
        let suite = try TestPaths.externalSuite("oci-cosign")
        let args = testCase.args
        let root = try TrustedRoot.load(path: suite.appendingPathComponent(args["trusted_root"] as! String).path)
        let verifier = ImageAttestationVerifier(
            images: ImageVerifier(
                policy: .identity(
                    CertificateIdentity(
                        subjectAlternativeName: .exact(args["certificate_identity"] as! String),
                        issuer: .exact(args["certificate_oidc_issuer"] as! String))),
                trustedRoot: root,
                options: ImageVerificationOptions(time: try VerificationTime(rfc3339: "2026-01-01T00:00:00Z"))),
            policy: AttestationPolicy(
                predicateType: try PredicateTypeMatcher("slsaprovenance"), artifactDigests: [],
                provenance: ProvenancePolicy(
                    builderID: args["builder_id"] as? String, sourceURI: args["source_uri"] as? String,
                    sourceTag: args["source_tag"] as? String, sourceBranch: args["source_branch"] as? String)))
        let store = try LayoutImageStore(
            LayoutReference(path: suite.appendingPathComponent(args["layout_dir"] as! String).path))
        let result = try await verifier.verify(store)
        #expect(result.digest.description == args["image_digest"] as? String)
        #expect(result.attestations.count == 1)
        let errors = result.findings.filter { $0.severity == .error }.map(\.code)
        if testCase.expect == "pass" {
            #expect(result.verdict == .verified && errors.isEmpty, "\(testCase.id): \(result.findings)")
        } else {
            #expect(result.verdict == .notVerified, "\(testCase.id)")
            #expect(errors == [Self.expectedCode(testCase.id), .imageAttestationNotVerified], "\(testCase.id): \(errors)")
        }
    }
}
