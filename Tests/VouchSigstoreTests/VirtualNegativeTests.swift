import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

@testable import VouchSigstore

/// One negative case per finding code the verifier can emit, made with the virtual Sigstore: each must fail with
/// that code, located in the bundle (or the trusted root) where the defect is.
@Suite("virtual Sigstore: every finding code")
struct VirtualNegativeTests {
    struct Case: CustomStringConvertible, Sendable {
        var code: FindingCode
        var name: String
        /// The JSON pointer the finding must name, when the defect has one place.
        var pointer: String?
        var run: @Sendable () throws -> VirtualVerification
        var description: String { "\(code): \(name)" }
    }

    static var sigstore: VirtualSigstore { VirtualSigstore.shared }
    static var now: VerificationTime { sigstore.now }

    static func time(_ offset: Int64) -> VerificationTime {
        VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch + offset)
    }

    static func bundle(_ spec: VirtualBundleSpec = VirtualBundleSpec()) throws -> VirtualBundle {
        try sigstore.bundle(VirtualSigstore.defaultArtifact, spec)
    }

    static func run(
        _ bundle: VirtualBundle, root: JSONNode? = nil, policy: VerificationPolicy? = nil,
        artifact: Artifact? = nil, limits: Limits = .default, verifiedAt: VerificationTime? = nil
    ) -> VirtualVerification {
        VirtualVerification.run(bundle, root: root, policy: policy, artifact: artifact, limits: limits, now: verifiedAt)
    }

    static let entry = "/verificationMaterial/tlogEntries/0"
    static let proof = "/verificationMaterial/tlogEntries/0/inclusionProof"
    static let timestamp = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0/signedTimestamp"

    static let cases: [Case] = [
        // MARK: Trusted root
        Case(code: .sigstoreTrustedRootMediaType, name: "unknown trusted-root media type", pointer: "/mediaType") {
            run(try bundle(), root: sigstore.trustedRootJSON().setting("/mediaType", "application/json"))
        },
        Case(code: .sigstoreTrustedRootMalformed, name: "log key is not base64", pointer: "/tlogs/0/publicKey/rawBytes")
        {
            run(try bundle(), root: sigstore.trustedRootJSON().setting("/tlogs/0/publicKey/rawBytes", "%%%"))
        },
        Case(
            code: .sigstoreTrustedRootMalformed, name: "a window that ends before it starts",
            pointer: "/tlogs/0/publicKey/validFor"
        ) {
            run(
                try bundle(),
                root: sigstore.trustedRootJSON().setting("/tlogs/0/publicKey/validFor/end", "2020-01-01T00:00:00Z"))
        },
        Case(
            code: .cryptoCertificateMalformed, name: "a CA certificate that is not DER",
            pointer: "/certificateAuthorities/0/certChain/certificates/0/rawBytes"
        ) {
            run(
                try bundle(),
                root: sigstore.trustedRootJSON().setting(
                    "/certificateAuthorities/0/certChain/certificates/0/rawBytes", "AAAA"))
        },
        Case(
            code: .sigstoreRootValidityStartMissing, name: "tlog key without validFor.start",
            pointer: "/tlogs/0/publicKey/validFor"
        ) {
            run(try bundle(), root: sigstore.trustedRootJSON().removing("/tlogs/0/publicKey/validFor/start"))
        },

        // MARK: Bundle shape
        Case(code: .sigstoreBundleMediaTypeUnknown, name: "not a bundle media type", pointer: "/mediaType") {
            run(try bundle().setting("/mediaType", "application/json"))
        },
        Case(code: .sigstoreBundleVersionUnsupported, name: "bundle v0.4", pointer: "/mediaType") {
            run(try bundle().setting("/mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json"))
        },
        Case(
            code: .sigstoreBundleBase64Invalid, name: "signature is not base64", pointer: "/messageSignature/signature"
        ) {
            run(try bundle().setting("/messageSignature/signature", "not base64!"))
        },
        Case(code: .sigstoreBundleMalformed, name: "neither message signature nor envelope", pointer: "") {
            run(try bundle().removing("/messageSignature"))
        },
        Case(code: .sigstoreBundleMalformed, name: "an inclusion promise without integrated time", pointer: entry) {
            run(try bundle().removing("\(entry)/integratedTime"))
        },
        Case(code: .sigstoreBundleInclusionPromiseMissing, name: "v0.1 without a promise", pointer: entry) {
            run(
                try bundle(
                    VirtualBundleSpec(mediaType: .v01, log: .rekorV1(promise: false, proof: true), timestamps: 1)))
        },
        Case(code: .sigstoreBundleInclusionProofMissing, name: "v0.2 without a proof", pointer: entry) {
            run(try bundle(VirtualBundleSpec(mediaType: .v02, log: .rekorV1(promise: true, proof: false))))
        },
        Case(code: .sigstoreBundleInclusionProofMissing, name: "Rekor v2 without a proof", pointer: entry) {
            run(try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1)).removing(proof))
        },
        Case(
            code: .sigstoreBundleChainForbidden, name: "v0.3 with a certificate chain",
            pointer: "/verificationMaterial/x509CertificateChain"
        ) {
            run(try bundle(VirtualBundleSpec(chainForm: true)))
        },
        Case(
            code: .sigstoreBundleChainIncludesRoot, name: "chain carries the root",
            pointer: "/verificationMaterial/x509CertificateChain/certificates/2"
        ) {
            run(
                try bundle(
                    VirtualBundleSpec(
                        mediaType: .v01, extraChainCertificates: [sigstore.fulcioIntermediate, sigstore.fulcioRoot])))
        },
        Case(
            code: .sigstoreBundleDSSESignatureCount, name: "DSSE with two signatures",
            pointer: "/dsseEnvelope/signatures"
        ) {
            let made = try bundle(VirtualBundleSpec(content: .dsse()))
            let signature = made.json.value(at: "/dsseEnvelope/signatures/0")!
            return run(made.setting("/dsseEnvelope/signatures", [signature, signature]))
        },
        Case(code: .sigstoreBundleTlogEntryMissing, name: "no log entry", pointer: "/verificationMaterial") {
            run(try bundle(VirtualBundleSpec(timestamps: 1)).setting("/verificationMaterial/tlogEntries", []))
        },
        Case(
            code: .sigstoreBundleLimitExceeded, name: "more timestamps than allowed",
            pointer: "/verificationMaterial/timestampVerificationData/rfc3161Timestamps"
        ) {
            var limits = Limits()
            limits.maxSigstoreTimestamps = 1
            return run(try bundle(VirtualBundleSpec(timestamps: 2)), limits: limits)
        },
        Case(code: .sigstoreBundleLimitExceeded, name: "a proof longer than any tree needs", pointer: "\(proof)/hashes")
        {
            let hashes = JSONNode(
                .array(Array(repeating: JSONNode(.string(Base64.encode([UInt8](repeating: 1, count: 32)))), count: 65)))
            return run(try bundle().setting("\(proof)/hashes", hashes))
        },

        // MARK: Transparency log
        Case(code: .sigstoreTlogLogUnknown, name: "a log the root does not know", pointer: "\(entry)/logId") {
            run(try bundle(), root: sigstore.trustedRootJSON().removing("/tlogs/0"))
        },
        Case(code: .sigstoreTlogKeyUnsupported, name: "the root's log key is secp256k1", pointer: entry) {
            let pem = try String(contentsOf: TestPaths.fixture("crypto/secp256k1.pub"), encoding: .utf8)
            let der = try #require(PEMBlock.der(in: pem, label: "PUBLIC KEY"))
            let id = Digest.of(der, using: .sha256).bytes
            let log: JSONNode = [
                "baseUrl": "https://k1.example", "hashAlgorithm": "SHA2_256",
                "publicKey": [
                    "rawBytes": .init(.string(Base64.encode(der))), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                    "validFor": ["start": "2020-01-01T00:00:00Z"],
                ],
                "logId": ["keyId": .init(.string(Base64.encode(id)))],
            ]
            let root = sigstore.trustedRootJSON()
            guard case .array(let logs) = root.value(at: "/tlogs")!.value else { return VirtualVerification() }
            return run(
                try bundle().setting("\(entry)/logId/keyId", .init(.string(Base64.encode(id)))),
                root: root.setting("/tlogs", .init(.array(logs + [log]))))
        },
        Case(
            code: .sigstoreTlogKeyNotValidAtTime, name: "integrated time after the log key's end",
            pointer: "\(entry)/integratedTime"
        ) {
            run(try bundle(), root: sigstore.trustedRootJSON(tlogEnd: time(-60)))
        },
        Case(code: .sigstoreTlogKeyNotValidAtTime, name: "Rekor v2 key not valid at the timestamp", pointer: entry) {
            run(
                try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1)),
                root: sigstore.trustedRootJSON(tlogEnd: time(-60)))
        },
        Case(code: .sigstoreTlogLogIndexInvalid, name: "negative log index", pointer: "\(entry)/logIndex") {
            run(try bundle().setting("\(entry)/logIndex", "-5"))
        },
        Case(code: .sigstoreTlogLogIndexInvalid, name: "log index that is not an integer", pointer: "\(entry)/logIndex")
        {
            run(try bundle().setting("\(entry)/logIndex", "99999999999999999999999"))
        },
        Case(code: .sigstoreTlogLogIndexInvalid, name: "proof index beyond the tree", pointer: "\(proof)/logIndex") {
            run(try bundle().setting("\(proof)/logIndex", "1000"))
        },
        Case(code: .sigstoreTlogKindUnsupported, name: "a rekord entry", pointer: "\(entry)/kindVersion") {
            run(try bundle().setting("\(entry)/kindVersion/kind", "rekord"))
        },
        Case(code: .sigstoreTlogBodyMalformed, name: "a body that is not JSON", pointer: "\(entry)/canonicalizedBody") {
            run(
                try bundle().setting(
                    "\(entry)/canonicalizedBody", .init(.string(Base64.encode(Array("{not json".utf8))))))
        },
        Case(
            code: .sigstoreTlogBodyMalformed, name: "a body of another kind than claimed",
            pointer: "\(entry)/canonicalizedBody"
        ) {
            run(try bundle().setting("\(entry)/kindVersion/kind", "dsse"))
        },
        Case(
            code: .sigstoreTlogEntryMismatch, name: "the entry records another signature",
            pointer: "\(entry)/canonicalizedBody"
        ) {
            let other = try bundle()
            let made = try bundle()
            return run(made.setting("\(entry)/canonicalizedBody", other.json.value(at: "\(entry)/canonicalizedBody")!))
        },
        Case(
            code: .sigstoreTlogEntryMismatch, name: "a DSSE entry with another payload",
            pointer: "\(entry)/canonicalizedBody"
        ) {
            let statement: JSONNode = [
                "_type": "https://in-toto.io/Statement/v1",
                "subject": [
                    [
                        "name": "x",
                        "digest": [
                            "sha256": .init(.string(Digest.of(VirtualSigstore.defaultArtifact, using: .sha256).hex))
                        ],
                    ]
                ], "predicateType": "https://example.com/other",
            ]
            let other = try bundle(VirtualBundleSpec(content: .dsse(statement: statement)))
            let made = try bundle(VirtualBundleSpec(content: .dsse()))
            return run(made.setting("/dsseEnvelope/payload", other.json.value(at: "/dsseEnvelope/payload")!))
        },
        Case(
            code: .sigstoreTlogSETInvalid, name: "a spoiled signed entry timestamp",
            pointer: "\(entry)/inclusionPromise"
        ) {
            let made = try bundle()
            var set = Base64.decode(made.json.string(at: "\(entry)/inclusionPromise/signedEntryTimestamp")!)!
            set[set.count - 1] ^= 1
            return run(
                made.setting("\(entry)/inclusionPromise/signedEntryTimestamp", .init(.string(Base64.encode(set)))))
        },
        Case(code: .sigstoreTlogInclusionProofInvalid, name: "a flipped proof hash", pointer: "\(proof)/hashes") {
            let made = try bundle()
            var hash = Base64.decode(made.json.string(at: "\(proof)/hashes/3")!)!
            hash[0] ^= 0x80
            return run(made.setting("\(proof)/hashes/3", .init(.string(Base64.encode(hash)))))
        },
        Case(code: .sigstoreTlogInclusionProofInvalid, name: "a truncated proof", pointer: "\(proof)/hashes") {
            run(try bundle().removing("\(proof)/hashes/0"))
        },
        Case(code: .sigstoreTlogInclusionProofInvalid, name: "a zero tree size", pointer: "\(proof)/treeSize") {
            run(try bundle().setting("\(proof)/treeSize", "0"))
        },

        // MARK: Checkpoint
        Case(code: .sigstoreCheckpointMissing, name: "a proof without checkpoint", pointer: proof) {
            run(try bundle().removing("\(proof)/checkpoint"))
        },
        Case(code: .sigstoreCheckpointMalformed, name: "a checkpoint without root hash", pointer: "\(proof)/checkpoint")
        {
            let made = try bundle()
            let text = made.json.string(at: "\(proof)/checkpoint/envelope")!
            var lines = text.components(separatedBy: "\n")
            lines.remove(at: 2)
            return run(made.setting("\(proof)/checkpoint/envelope", .init(.string(lines.joined(separator: "\n")))))
        },
        Case(
            code: .sigstoreCheckpointSignatureMissing, name: "the log's signature line removed",
            pointer: "\(proof)/checkpoint"
        ) {
            let made = try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1))
            let text = made.json.string(at: "\(proof)/checkpoint/envelope")!
            let body = text.components(separatedBy: "\n\n")[0] + "\n\n"
            return run(made.setting("\(proof)/checkpoint/envelope", .init(.string(body))))
        },
        Case(code: .sigstoreCheckpointSignatureInvalid, name: "a spoiled log signature", pointer: "\(proof)/checkpoint")
        {
            let made = try bundle()
            let text = made.json.string(at: "\(proof)/checkpoint/envelope")!
            let spoiled = text.replacingOccurrences(
                of: "Timestamp: 1772366400000000000", with: "Timestamp: 1772366400000000001")
            return run(made.setting("\(proof)/checkpoint/envelope", .init(.string(spoiled))))
        },
        Case(
            code: .sigstoreCheckpointRootMismatch, name: "a valid checkpoint of another tree",
            pointer: "\(proof)/checkpoint"
        ) {
            let made = try bundle()
            let other = try sigstore.checkpoint(
                size: 2_000, root: [UInt8](repeating: 7, count: 32), rekorV2: false, spec: VirtualBundleSpec())
            return run(made.setting("\(proof)/checkpoint/envelope", .init(.string(other))))
        },
        Case(
            code: .sigstoreCheckpointOriginMismatch, name: "a Rekor v2 checkpoint for another origin",
            pointer: "\(proof)/checkpoint"
        ) {
            let made = try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1))
            let text = made.json.string(at: "\(proof)/checkpoint/envelope")!
            let lines = text.components(separatedBy: "\n")
            let root = Base64.decode(lines[2])!
            let other = try sigstore.checkpoint(
                size: 1_000, root: root, rekorV2: true, spec: VirtualBundleSpec(), origin: "elsewhere.example")
            return run(made.setting("\(proof)/checkpoint/envelope", .init(.string(other))))
        },

        // MARK: Time
        Case(
            code: .sigstoreTimeMissing, name: "a certificate and no verified time",
            pointer: "/verificationMaterial/x509CertificateChain"
        ) {
            run(try bundle(VirtualBundleSpec(mediaType: .v02, log: .rekorV1(promise: false, proof: true))))
        },

        // MARK: Timestamps
        Case(code: .sigstoreTimestampMalformed, name: "a timestamp that is not a TimeStampResp", pointer: timestamp) {
            run(try bundle(VirtualBundleSpec(timestamps: 1)).setting(timestamp, "MAMCAQI="))
        },
        Case(code: .sigstoreTimestampAlgorithmUnsupported, name: "a SHA-1 imprint", pointer: timestamp) {
            let made = try bundle(VirtualBundleSpec(timestamps: 1))
            let token = try TimestampAuthoritySigner(
                certificate: sigstore.tsaCertificate, key: sigstore.tsaKey, policyOID: VirtualSigstore.tsaPolicy
            )
            .timestamp(made.signature, at: now, imprintAlgorithm: .sha1)
            return run(made.setting(timestamp, .init(.string(Base64.encode(token)))))
        },
        Case(code: .sigstoreTimestampImprintMismatch, name: "a timestamp over other bytes", pointer: timestamp) {
            let made = try bundle(VirtualBundleSpec(timestamps: 1))
            let token = try TimestampAuthoritySigner(
                certificate: sigstore.tsaCertificate, key: sigstore.tsaKey, policyOID: VirtualSigstore.tsaPolicy
            )
            .timestamp(Array("something else".utf8), at: now)
            return run(made.setting(timestamp, .init(.string(Base64.encode(token)))))
        },
        Case(code: .sigstoreTimestampUntrusted, name: "a TSA the root does not know", pointer: timestamp) {
            run(
                try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1)),
                root: sigstore.trustedRootJSON().setting("/timestampAuthorities", []))
        },
        Case(code: .sigstoreTimestampSignatureInvalid, name: "a spoiled CMS signature", pointer: timestamp) {
            let made = try bundle(VirtualBundleSpec(timestamps: 1))
            var token = Base64.decode(made.json.string(at: timestamp)!)!
            token[token.count - 1] ^= 0x01
            return run(made.setting(timestamp, .init(.string(Base64.encode(token)))))
        },
        Case(
            code: .sigstoreTimestampESSBinding,
            name: "the root's TSA certificate is a re-issue with the same serial", pointer: timestamp
        ) {
            let reissued = try VirtualSigstore.tsaLeaf(
                key: sigstore.tsaKey, issuerKey: sigstore.tsaRootKey, issuer: sigstore.tsaRoot,
                start: sigstore.tsaCertificate.notBefore,
                end: VerificationTime(secondsSinceEpoch: sigstore.tsaCertificate.notAfter.secondsSinceEpoch - 1))
            let made = try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1))
            let signer = TimestampAuthoritySigner(
                certificate: sigstore.tsaCertificate, key: sigstore.tsaKey, policyOID: VirtualSigstore.tsaPolicy)
            let token = try signer.timestamp(made.signature, at: now, includeCertificates: false)
            let root = sigstore.trustedRootJSON().setting(
                "/timestampAuthorities/0/certChain/certificates/0/rawBytes", .init(.string(Base64.encode(reissued.der)))
            )
            return run(made.setting(timestamp, .init(.string(Base64.encode(token)))), root: root)
        },
        Case(
            code: .sigstoreTimestampChainInvalid, name: "the TSA certificate had expired at genTime", pointer: timestamp
        ) {
            let made = try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1))
            let token = try TimestampAuthoritySigner(
                certificate: sigstore.tsaCertificate, key: sigstore.tsaKey, policyOID: VirtualSigstore.tsaPolicy
            )
            .timestamp(
                made.signature,
                at: VerificationTime(secondsSinceEpoch: sigstore.tsaCertificate.notAfter.secondsSinceEpoch + 10))
            return run(made.setting(timestamp, .init(.string(Base64.encode(token)))))
        },
        Case(
            code: .sigstoreTimestampOutsideTSAValidity, name: "genTime after the TSA's window in the root",
            pointer: timestamp
        ) {
            run(
                try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1)),
                root: sigstore.trustedRootJSON(tsaValidity: ValidityPeriod(start: time(-86_400), end: time(-60))))
        },
        Case(
            code: .sigstoreTimestampDuplicate, name: "the same token twice",
            pointer: "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/1/signedTimestamp"
        ) {
            let made = try bundle(VirtualBundleSpec(timestamps: 2))
            return run(
                made.setting(
                    "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/1",
                    made.json.value(at: "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0")!))
        },
        Case(code: .sigstoreTimestampRequired, name: "Rekor v2 without a timestamp", pointer: entry) {
            run(try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 0)))
        },
        Case(
            code: .sigstoreTlogIntegratedTimeInFuture, name: "verified an hour before the log integrated the entry",
            pointer: entry + "/integratedTime"
        ) {
            run(try bundle(VirtualBundleSpec(signingTime: now)), verifiedAt: time(-3600))
        },
        Case(
            code: .sigstoreTimestampInFuture, name: "verified an hour before the timestamp's genTime",
            pointer: "/verificationMaterial/timestampVerificationData"
        ) {
            run(try bundle(VirtualBundleSpec(log: .rekorV2, signingTime: now, timestamps: 1)), verifiedAt: time(-3600))
        },

        // MARK: Certificates
        Case(
            code: .sigstoreCertificateNotValidAtTime, name: "integrated an hour after the certificate expired",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(try bundle(VirtualBundleSpec(integrationDelay: 3_600)))
        },
        Case(
            code: .sigstoreCertificateUntrusted, name: "issued by a CA the root does not know",
            pointer: "/verificationMaterial/certificate"
        ) {
            let key = try PrivateKey.generate(.ecP256)
            let rogue = try VirtualSigstore.ca(
                [("CN", "rogue")], key: key, issuerKey: key, issuer: nil, start: time(-86_400), end: time(86_400),
                serial: [9])
            return run(try bundle(VirtualBundleSpec(issuingCA: (key, rogue))))
        },
        Case(
            code: .sigstoreCertificateUntrusted, name: "same CA name, another key",
            pointer: "/verificationMaterial/certificate"
        ) {
            let key = try PrivateKey.generate(.ecP256)
            let impostor = try VirtualSigstore.ca(
                [("O", "vouch.test"), ("CN", "vouch-fulcio-intermediate")], key: key, issuerKey: key, issuer: nil,
                start: time(-86_400), end: time(86_400), serial: [2])
            return run(try bundle(VirtualBundleSpec(issuingCA: (key, impostor))))
        },
        Case(
            code: .sigstoreCertificateUntrusted, name: "the root's CA chain is broken (another root)",
            pointer: "/verificationMaterial/certificate"
        ) {
            let key = try PrivateKey.generate(.ecP256)
            let other = try VirtualSigstore.ca(
                [("O", "vouch.test"), ("CN", "vouch-fulcio-root")], key: key, issuerKey: key, issuer: nil,
                start: time(-86_400), end: time(86_400 * 365), serial: [1])
            let root = sigstore.trustedRootJSON().setting(
                "/certificateAuthorities/0/certChain/certificates/1/rawBytes", .init(.string(Base64.encode(other.der))))
            return run(try bundle(), root: root)
        },
        Case(code: .sigstoreTimestampChainInvalid, name: "the root's TSA chain is broken", pointer: timestamp) {
            let key = try PrivateKey.generate(.ecP256)
            let other = try VirtualSigstore.ca(
                [("O", "vouch.test"), ("CN", "vouch-tsa-root")], key: key, issuerKey: key, issuer: nil,
                start: time(-86_400), end: time(86_400 * 365), serial: [3])
            let root = sigstore.trustedRootJSON().setting(
                "/timestampAuthorities/0/certChain/certificates/1/rawBytes", .init(.string(Base64.encode(other.der))))
            return run(try bundle(VirtualBundleSpec(log: .rekorV2, timestamps: 1)), root: root)
        },
        Case(
            code: .sigstoreCertificateCANotValidAtTime, name: "the CA's window in the root ended",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(
                try bundle(),
                root: sigstore.trustedRootJSON(caValidity: ValidityPeriod(start: time(-86_400), end: time(-60))))
        },
        Case(code: .cryptoChainEKUMissing, name: "no code-signing usage", pointer: "/verificationMaterial/certificate")
        {
            run(try bundle(VirtualBundleSpec(codeSigningEKU: false)))
        },
        Case(code: .sigstoreSCTMissing, name: "no embedded SCT", pointer: "/verificationMaterial/certificate") {
            run(try bundle(VirtualBundleSpec(sctCount: 0)))
        },
        Case(
            code: .sigstoreSCTMalformed, name: "an SCT list that does not decode",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(
                try bundle(
                    VirtualBundleSpec(
                        extraExtensions: [
                            CertificateExtension(
                                oid: Certificate.signedCertificateTimestampListOID, critical: false,
                                value: [0x04, 0x02, 0x00, 0x05])
                        ], sctCount: 0)))
        },
        Case(
            code: .sigstoreSCTLogUnknown, name: "an SCT from a CT log the root does not know",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(try bundle(VirtualBundleSpec(sctKey: try PrivateKey.generate(.ecP256))))
        },
        Case(
            code: .sigstoreSCTLogNotValidAtTime, name: "the CT log's window ended before the SCT",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(
                try bundle(),
                root: sigstore.trustedRootJSON(ctValidity: ValidityPeriod(start: time(-86_400), end: time(-60))))
        },
        Case(code: .sigstoreSCTInvalid, name: "a spoiled SCT signature", pointer: "/verificationMaterial/certificate") {
            run(try bundle(VirtualBundleSpec(corruptSCT: true)))
        },

        // MARK: Identity and policy
        Case(code: .sigstoreIdentitySANMismatch, name: "another identity", pointer: "/verificationMaterial/certificate")
        {
            run(try bundle(VirtualBundleSpec(subjectAlternativeNames: [.email("mallory@example.com")])))
        },
        Case(
            code: .sigstoreIdentityIssuerMismatch, name: "another issuer", pointer: "/verificationMaterial/certificate"
        ) {
            run(try bundle(VirtualBundleSpec(issuerV2: "https://accounts.example.com", issuerV1: nil)))
        },
        Case(
            code: .sigstoreIdentityIssuerMismatch, name: "no issuer extension at all",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(try bundle(VirtualBundleSpec(issuerV2: nil, issuerV1: nil)))
        },
        Case(
            code: .sigstoreIdentityExtensionMismatch, name: "a required extension has another value",
            pointer: "/verificationMaterial/certificate"
        ) {
            var identity = VirtualVerification.identity
            identity.extensions = ["1.3.6.1.4.1.57264.1.12": .exact("https://github.com/vouch/other")]
            return run(try bundle(), policy: .identity(identity))
        },
        Case(code: .sigstorePolicyInvalid, name: "a regular expression that does not compile") {
            var result = VirtualVerification()
            do throws(FindingError) {
                _ = try StringMatcher.regex("([unclosed")
            } catch {
                result.thrown = error.findings
            }
            return result
        },
        Case(
            code: .sigstorePolicyMaterialMismatch, name: "a key for a certificate bundle",
            pointer: "/verificationMaterial/certificate"
        ) {
            run(try bundle(), policy: .publicKey(try PrivateKey.generate(.ecP256).publicKey))
        },
        Case(
            code: .sigstorePolicyMaterialMismatch, name: "an identity for a managed-key bundle",
            pointer: "/verificationMaterial/publicKey"
        ) {
            run(
                try bundle(VirtualBundleSpec(signer: .key(try PrivateKey.generate(.ecP256)))),
                policy: .identity(VirtualVerification.identity))
        },

        // MARK: Signature and artifact
        Case(
            code: .sigstoreSignatureInvalid, name: "another artifact with a matching entry forged nowhere",
            pointer: "/messageSignature/signature"
        ) {
            let made = try bundle()
            let other = try PrivateKey.generate(.ecP256).signature(
                for: made.artifact, using: .ecdsa(.sha256, encoding: .der))
            return run(made.setting("/messageSignature/signature", .init(.string(Base64.encode(other)))))
        },
        Case(
            code: .sigstoreSignatureInvalid, name: "a DSSE signature over another envelope",
            pointer: "/dsseEnvelope/signatures"
        ) {
            let made = try bundle(VirtualBundleSpec(content: .dsse()))
            return run(made.setting("/dsseEnvelope/payloadType", "application/vnd.in-toto+json; charset=x"))
        },
        Case(code: .sigstoreArtifactDigestMismatch, name: "another artifact", pointer: "\(entry)/canonicalizedBody") {
            run(try bundle(), artifact: .bytes(Array("another artifact".utf8), name: "other"))
        },
        Case(
            code: .sigstoreArtifactDigestMismatch, name: "a message digest hint that is not the artifact's",
            pointer: "/messageSignature/messageDigest"
        ) {
            run(
                try bundle().setting(
                    "/messageSignature/messageDigest/digest",
                    .init(.string(Base64.encode([UInt8](repeating: 0, count: 32))))))
        },
        Case(
            code: .sigstoreArtifactDigestUnusable, name: "an Ed25519 key and only a digest",
            pointer: "/messageSignature/signature"
        ) {
            let made = try bundle(
                VirtualBundleSpec(
                    log: .rekorV1(promise: true, proof: true), signer: .key(try PrivateKey.generate(.ed25519))))
            return run(made, artifact: .digest(Digest.of(made.artifact, using: .sha256)))
        },
        Case(
            code: .sigstoreDSSEPayloadTypeUnsupported, name: "a DSSE payload that is not in-toto",
            pointer: "/dsseEnvelope/payloadType"
        ) {
            run(try bundle(VirtualBundleSpec(content: .dsse(payloadType: "text/plain"))))
        },
        Case(
            code: .sigstoreDSSEStatementMalformed, name: "an in-toto payload that is not a statement",
            pointer: "/dsseEnvelope/payload"
        ) {
            run(
                try bundle(
                    VirtualBundleSpec(content: .dsse(statement: ["_type": "https://example.com/other", "subject": []])))
            )
        },
        Case(
            code: .sigstoreDSSESubjectMismatch, name: "the artifact is not a subject", pointer: "/dsseEnvelope/payload"
        ) {
            run(
                try bundle(VirtualBundleSpec(content: .dsse())),
                artifact: .bytes(Array("not the subject".utf8), name: "other"))
        },
    ]

    @Test("each case fails with its code, at its place", arguments: cases)
    func failsWithCode(_ testCase: Case) throws {
        let result = try testCase.run()
        #expect(!result.verified, "\(testCase) verified")
        #expect(result.codes.contains(testCase.code), "\(testCase): got \(result.describe)")
        if let pointer = testCase.pointer {
            let located = result.findings.filter { $0.code == testCase.code }.map {
                $0.location.pointer?.description ?? "-"
            }
            #expect(located.contains(pointer), "\(testCase): at \(located), expected \(pointer)")
        }
    }

    @Test("every finding code VouchSigstore declares has a negative case here or in the CLI tests")
    func everyCodeCovered() throws {
        let declared = try SigstoreCodes.declared()
        let covered = Set(Self.cases.map(\.code.rawValue)).union(["sigstore.trusted-root.missing", "sigstore.identity.unanchored-expression"])
        #expect(declared.subtracting(covered).isEmpty, "no negative case for \(declared.subtracting(covered).sorted())")
    }
}
