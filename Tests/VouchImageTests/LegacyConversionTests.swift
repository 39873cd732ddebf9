import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore
import VouchTestSupport

@testable import VouchImage

/// Legacy layers converted into Sigstore bundles: annotations decoded, findings moved back to the layer, chain
/// annotations used only to reach the trusted root, the unsafe switches and the time they judge certificates at.
@Suite("legacy signatures as bundles")
struct LegacyConversionTests {
    static let sigstore = try! TestSigstore()
    static let signer = CosignFixtureSigner(sigstore: sigstore)
    static let payload = CosignFixtureSigner.payload(digest: TestFixtures.imageDigest.description)
    static let base = SourceLocation(input: "sig-manifest", pointer: ["layers", "0", "annotations"])

    static func decode(_ layer: SignatureLayer) -> Result<(LegacySignature, chain: [Certificate]), FindingError> {
        CosignAnnotations(values: layer.annotations, base: base).decode(
            content: .payload(layer.payload), contentLocation: SourceLocation(input: "payload"), attestation: false)
    }

    static func verify(
        _ layer: SignatureLayer, root: TrustedRoot? = nil, unsafe: UnsafeVerificationOptions = .none
    ) throws -> (LegacyBundle, Outcome<VerifiedBundle>) {
        let (signature, _) = try decode(layer).get()
        let legacy = try LegacyBundle(converting: signature)
        let identity = CertificateIdentity(
            subjectAlternativeName: .exact(TestSigstore.identity), issuer: .exact(TestSigstore.issuer))
        let outcome = try SigstoreVerifier(trustedRoot: root ?? sigstore.trustedRoot).verify(
            legacy.bundle, artifact: .bytes(layer.payload, name: "payload"), policy: .identity(identity),
            unsafe: unsafe)
        return (legacy, outcome)
    }

    @Test("a keyless layer becomes a v0.1 bundle that verifies, its certificate judged at the log's and TSA's times")
    func keyless() throws {
        let layer = try Self.signer.keylessLayer(Self.payload, timestamped: true)
        let (legacy, outcome) = try Self.verify(layer)
        #expect(legacy.bundle.version == .v01)
        let verified = try #require(outcome.value, "\(outcome.findings)")
        #expect(verified.verifiedTimes.count == 2 && verified.timestamps.count == 1 && verified.logEntries.count == 1)
    }

    @Test("findings about the converted bundle point at the annotation they came from")
    func relocation() throws {
        var layer = try Self.signer.keylessLayer(Self.payload)
        let signature = Base64.decode(layer.annotations["dev.cosignproject.cosign/signature"]!)!
        layer.annotations["dev.cosignproject.cosign/signature"] = Base64.encode(signature.reversed())
        let (legacy, outcome) = try Self.verify(layer)
        let findings = legacy.relocate(outcome.findings).filter { $0.severity == .error }
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(finding.location.input == "sig-manifest", "\(finding)")
            #expect(
                finding.location.pointer?.tokens.starts(with: ["layers", "0", "annotations"]) == true, "\(finding)")
        }
        #expect(
            findings.contains {
                $0.code == .sigstoreSignatureInvalid
                    && $0.location.pointer == ["layers", "0", "annotations", "dev.cosignproject.cosign/signature"]
            })
    }

    @Test("annotations that cannot be decoded, each at its own pointer")
    func badAnnotations() throws {
        var layer = try Self.signer.keylessLayer(Self.payload, timestamped: true)
        layer.annotations["dev.cosignproject.cosign/signature"] = "!!"
        layer.annotations["dev.sigstore.cosign/certificate"] = "not pem"
        layer.annotations["dev.sigstore.cosign/chain"] = "not pem either"
        layer.annotations["dev.sigstore.cosign/bundle"] =
            #"{"SignedEntryTimestamp":"AA==","Payload":{"body":"AA==","integratedTime":1,"logIndex":2,"logID":"zz"}}"#
        layer.annotations["dev.sigstore.cosign/rfc3161timestamp"] = #"{"SignedRFC3161Timestamp":""}"#
        guard case .failure(let error) = Self.decode(layer) else {
            Issue.record("decoded damaged annotations")
            return
        }
        let codes = error.findings.map(\.code)
        #expect(
            codes == [
                .imageSignatureBase64Invalid, .imageSignatureCertificateInvalid, .imageSignatureCertificateInvalid,
                .imageSignatureBundleInvalid, .imageSignatureTimestampInvalid,
            ])
        #expect(error.findings[3].location.pointer?.tokens.last == "dev.sigstore.cosign/bundle")
        layer.annotations = [:]
        #expect(findingCode { try Self.decode(layer).get() } == .imageSignatureAnnotationMissing)
    }

    @Test("wrapped base64 is read as Go reads it")
    func wrapped() throws {
        let layer = try Self.signer.keyLayer(Self.payload, key: try PrivateKey.generate(.ecP256))
        var wrapped = layer
        let text = layer.annotations["dev.cosignproject.cosign/signature"]!
        wrapped.annotations["dev.cosignproject.cosign/signature"] =
            String(text.prefix(20)) + "\n" + String(text.dropFirst(20)) + "\r\n"
        #expect(try Self.decode(wrapped).get().0.signature == Self.decode(layer).get().0.signature)
    }

    @Test("chain annotation intermediates connect a leaf to a root that lists only its anchor; roots are never taken")
    func intermediates() throws {
        let layer = try Self.signer.keylessLayer(Self.payload)
        let (signature, chain) = try Self.decode(layer).get()
        let anchorOnly = TrustedRoot(
            transparencyLogs: Self.sigstore.trustedRoot.transparencyLogs,
            certificateAuthorities: [
                TrustedRootBuilder.authority(
                    chain: [Self.sigstore.root], uri: TestSigstore.fulcioURL,
                    validFor: Self.sigstore.trustedRoot.certificateAuthorities[0].validFor)
            ], ctLogs: Self.sigstore.trustedRoot.ctLogs, timestampAuthorities: [])
        guard case .certificate(let leaf) = signature.material else {
            Issue.record("no certificate")
            return
        }
        #expect(
            try Self.verify(layer, root: anchorOnly).1.findings.contains { $0.code == .sigstoreCertificateUntrusted })
        let extended = try #require(anchorOnly.extended(withIntermediates: chain, for: leaf))
        #expect(extended.certificateAuthorities.count == 2)
        #expect(
            extended.certificateAuthorities[1].certificates.map(\.subject) == [
                Self.sigstore.intermediate.subject, Self.sigstore.root.subject,
            ])
        #expect(try Self.verify(layer, root: extended).1.isVerified)
        // Nothing to add when the root already issues the leaf; a self-issued certificate never becomes an anchor.
        #expect(Self.sigstore.trustedRoot.extended(withIntermediates: chain, for: leaf) == nil)
        #expect(anchorOnly.extended(withIntermediates: [Self.sigstore.root], for: leaf) == nil)
    }

    @Test(
        "--insecure-ignore-tlog: entries are not read; without a timestamp the certificate is judged at the given time")
    func ignoreLog() throws {
        let layer = try Self.signer.keylessLayer(Self.payload)
        var broken = layer
        broken.annotations["dev.sigstore.cosign/bundle"] = TestSigstore.bundleAnnotation(
            LegacyLogEntry(signedEntryTimestamp: [1], body: [2], integratedTime: 3, logIndex: 4, logID: [5]))
        #expect(!(try Self.verify(broken).1.isVerified))
        let during = UnsafeVerificationOptions(
            ignoreTransparencyLog: true, certificateTimeWithoutEvidence: Self.sigstore.now)
        let verified = try #require(try Self.verify(broken, unsafe: during).1.value)
        #expect(verified.logEntries.isEmpty && verified.verifiedTimes.isEmpty)
        let later = UnsafeVerificationOptions(
            ignoreTransparencyLog: true,
            certificateTimeWithoutEvidence: VerificationTime(
                secondsSinceEpoch: Self.sigstore.now.secondsSinceEpoch + 3600))
        let expired = try Self.verify(broken, unsafe: later).1.findings.first {
            $0.code == .sigstoreCertificateNotValidAtTime
        }
        #expect(expired?.details["source"] == "verification-time")
        let noTime = UnsafeVerificationOptions(ignoreTransparencyLog: true)
        #expect(try Self.verify(broken, unsafe: noTime).1.findings.contains { $0.code == .sigstoreTimeMissing })
        #expect(during.names == ["ignore-transparency-log"])
    }

    @Test("--insecure-ignore-sct: a certificate from a log the root does not know passes only with the switch")
    func ignoreSCT() throws {
        let layer = try Self.signer.keylessLayer(Self.payload)
        let root = Self.sigstore.trustedRoot
        let withoutCT = TrustedRoot(
            transparencyLogs: root.transparencyLogs, certificateAuthorities: root.certificateAuthorities, ctLogs: [],
            timestampAuthorities: root.timestampAuthorities)
        #expect(try Self.verify(layer, root: withoutCT).1.findings.contains { $0.code == .sigstoreSCTLogUnknown })
        #expect(
            try Self.verify(layer, root: withoutCT, unsafe: UnsafeVerificationOptions(ignoreSCT: true)).1.isVerified)
    }
}
