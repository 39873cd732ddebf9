import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// Bundles the virtual Sigstore makes in every supported shape verify, with the artifact as bytes and as a digest,
/// and the result names what was checked.
@Suite("virtual Sigstore: what must verify")
struct VirtualHappyPathTests {
    struct Shape: CustomStringConvertible, Sendable {
        var name: String
        var spec: @Sendable () throws -> VirtualBundleSpec
        var description: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "v0.1 message, Rekor v1 promise + proof, chain") { VirtualBundleSpec(mediaType: .v01) },
        Shape(name: "v0.1 message, promise only") {
            VirtualBundleSpec(mediaType: .v01, log: .rekorV1(promise: true, proof: false))
        },
        Shape(name: "v0.2 message, promise + proof, chain") { VirtualBundleSpec(mediaType: .v02) },
        Shape(name: "v0.2 message, proof + timestamp, no promise") {
            VirtualBundleSpec(mediaType: .v02, log: .rekorV1(promise: false, proof: true), timestamps: 1)
        },
        Shape(name: "v0.3 legacy media type") { VirtualBundleSpec(mediaType: .v03Legacy) },
        Shape(name: "v0.3 message, Rekor v1 and a timestamp") { VirtualBundleSpec(timestamps: 1) },
        Shape(name: "v0.3 message, Rekor v2 with a timestamp") { VirtualBundleSpec(log: .rekorV2, timestamps: 1) },
        Shape(name: "v0.3 message, two timestamps") { VirtualBundleSpec(log: .rekorV2, timestamps: 2) },
        Shape(name: "v0.3 DSSE, dsse 0.0.1") { VirtualBundleSpec(content: .dsse()) },
        Shape(name: "v0.2 DSSE, intoto 0.0.2, chain") {
            VirtualBundleSpec(mediaType: .v02, content: .dsse(), log: .rekorV1(kind: "intoto"))
        },
        Shape(name: "v0.3 DSSE, Rekor v2 dsse 0.0.2") {
            VirtualBundleSpec(content: .dsse(), log: .rekorV2, timestamps: 1)
        },
        Shape(name: "managed P-256 key, Rekor v1") {
            VirtualBundleSpec(signer: .key(try PrivateKey.generate(.ecP256)))
        },
        Shape(name: "managed key, Rekor v2 and a timestamp") {
            VirtualBundleSpec(log: .rekorV2, signer: .key(try PrivateKey.generate(.ecP256)), timestamps: 1)
        },
        Shape(name: "witness cosignatures before and after the log's line") {
            VirtualBundleSpec(
                log: .rekorV2, timestamps: 1,
                extraCheckpointLines: [
                    "\u{2014} witness.vouch.test " + String(repeating: "A", count: 72),
                    "\u{2014} log2026-1.rekor.vouch.test AAAAAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB",
                ], extraCheckpointLinesFirst: true)
        },
        Shape(name: "a tree of one leaf") { VirtualBundleSpec(treeSize: 1, leafIndex: 0) },
        Shape(name: "the last leaf of an odd tree") { VirtualBundleSpec(treeSize: 12_345, leafIndex: 12_344) },
        Shape(name: "email identity and only the legacy issuer extension") {
            VirtualBundleSpec(subjectAlternativeNames: [.uri(VirtualSigstore.identity)], issuerV2: nil)
        },
    ]

    @Test("each shape verifies for the artifact's bytes and for its sha256 digest", arguments: shapes)
    func verifies(_ shape: Shape) throws {
        let sigstore = VirtualSigstore.shared
        let bundle = try sigstore.bundle(VirtualSigstore.defaultArtifact, try shape.spec())
        let digest = Digest.of(bundle.artifact, using: .sha256)
        for artifact in [Artifact.bytes(bundle.artifact, name: "artifact"), .digest(digest)] {
            let run = VirtualVerification.run(bundle, artifact: artifact)
            #expect(run.verified, "\(shape) [\(artifact.name)]: \(run.describe)")
            if let result = run.outcome?.value {
                #expect(result.artifactDigest == digest)
                #expect(result.logEntries.count == 1)
            }
        }
    }

    @Test("the result names the log entry, the timestamp, the SCT and the times the certificate was checked at")
    func evidence() throws {
        let sigstore = VirtualSigstore.shared
        let bundle = try sigstore.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec(timestamps: 1))
        let result = try #require(VirtualVerification.run(bundle).outcome?.value)
        #expect(result.version == .v03)
        #expect(result.contentKind == "messageSignature")
        let entry = try #require(result.logEntries.first)
        #expect(entry.logURL == VirtualSigstore.rekorURL && entry.rekorVersion == 1)
        #expect(entry.integratedTime?.secondsSinceEpoch == sigstore.now.secondsSinceEpoch + 2)
        #expect(entry.inclusionProof?.treeSize == 1_000 && entry.inclusionProof?.leafIndex == 517)
        #expect(result.timestamps.map(\.authority) == [VirtualSigstore.tsaURL])
        #expect(result.signedCertificateTimestamps.map(\.log) == [VirtualSigstore.ctURL])
        #expect(Set(result.verifiedTimes.map(\.source)) == [.timestamp, .integratedTime])
        guard case .certificate(let certificate) = result.signer else {
            Issue.record("expected a certificate signer")
            return
        }
        #expect(certificate.certificateAuthority == VirtualSigstore.fulcioURL)
        #expect(certificate.checkedAt.count == 2)
        #expect(certificate.issuer == VirtualSigstore.issuer)
        let json = JCS.canonicalString(result.json)
        #expect(json.contains("\"rekorVersion\":1") && json.contains("\"verifiedTimes\""))
    }

    @Test("a regular expression identity matches unanchored, as cosign's does; an anchored one must match whole")
    func regularExpressions() throws {
        let bundle = try VirtualSigstore.shared.bundle()
        func run(_ identity: String, _ issuer: String) throws -> Bool {
            let policy = CertificateIdentity(
                subjectAlternativeName: try StringMatcher.regex(identity), issuer: try StringMatcher.regex(issuer))
            return VirtualVerification.run(bundle, policy: .identity(policy)).verified
        }
        #expect(try run("github\\.com/vouch/", "actions"))
        let unanchored = VirtualVerification.run(
            bundle,
            policy: .identity(
                CertificateIdentity(
                    subjectAlternativeName: try StringMatcher.regex("vouch"), issuer: .exact(VirtualSigstore.issuer))))
        #expect(unanchored.verified)
        #expect(unanchored.findings.map(\.code) == [.sigstoreIdentityUnanchored])
        #expect(unanchored.findings.first?.severity == .warning)
        #expect(try run("^https://github\\.com/vouch/test/.*@refs/heads/main$", "^https://token\\.actions\\..*$"))
        #expect(try !run("^github\\.com/vouch/$", "actions"))
        #expect(StringMatcher.regularExpression("x").isUnanchoredExpression)
        #expect(!StringMatcher.regularExpression("^x$").isUnanchoredExpression)
    }

    @Test("extension constraints check raw legacy and DER UTF8String extensions")
    func extensionConstraints() throws {
        let bundle = try VirtualSigstore.shared.bundle(
            VirtualSigstore.defaultArtifact,
            VirtualBundleSpec(extraExtensions: [
                .rawString(oid: "1.3.6.1.4.1.57264.1.2", "push"),
                .utf8String(oid: "1.3.6.1.4.1.57264.1.12", "https://github.com/vouch/test"),
            ]))
        var identity = VirtualVerification.identity
        identity.extensions = [
            "1.3.6.1.4.1.57264.1.2": .exact("push"), "1.3.6.1.4.1.57264.1.12": .exact("https://github.com/vouch/test"),
        ]
        #expect(VirtualVerification.run(bundle, policy: .identity(identity)).verified)
    }
}
