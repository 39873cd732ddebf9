import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

/// Checks the signature itself (client spec §4.5):
///
/// - message signature: the signature verifies over the artifact — over its digest for ECDSA and RSA (so a
///   `sha256:` digest suffices), over its bytes for Ed25519 — and the `messageDigest` hint, when present, is the
///   artifact's digest;
/// - DSSE envelope: exactly one signature, which verifies over the PAE; the payload is an in-toto statement and the
///   artifact's digest is one of its subjects.
enum SignatureCheck {
    struct Result {
        var findings: [Finding] = []
        var matchedDigest: Digest?
        var statement: CheckedStatement?
    }

    static func check(
        _ content: BundleContent, key: PublicKey, artifact: Artifact,
        digests: [DigestAlgorithm: Digest], limits: Limits
    ) throws(FindingError) -> Result {
        switch content {
        case .messageSignature(let message):
            return try checkMessage(message, key: key, artifact: artifact, digests: digests, limits: limits)
        case .dsseEnvelope(let envelope):
            return checkEnvelope(envelope, key: key, digests: digests, limits: limits)
        }
    }

    private static func checkMessage(
        _ message: MessageSignature, key: PublicKey, artifact: Artifact, digests: [DigestAlgorithm: Digest],
        limits: Limits
    ) throws(FindingError) -> Result {
        var result = Result()
        let location = message.cursor.child("signature") ?? message.cursor
        var hinted: DigestAlgorithm? = nil
        if let hint = message.messageDigest {
            let hintLocation = message.cursor.child("messageDigest") ?? message.cursor
            if let algorithm = SigstoreAlgorithms.digestAlgorithm(protoName: hint.algorithm) {
                hinted = algorithm
                if let actual = digests[algorithm], actual.bytes != hint.digest {
                    result.findings.append(
                        hintLocation.finding(
                            .sigstoreArtifactDigestMismatch, "the bundle's message digest is not the artifact's",
                            details: ["expected": Hex.encode(hint.digest), "actual": actual.hex]))
                }
            }
        }
        var verified = false
        var tried = false
        if key.kind == .ed25519 {
            guard let bytes = try artifact.content(limits: limits) else {
                result.findings.append(
                    location.finding(
                        .sigstoreArtifactDigestUnusable,
                        "an Ed25519 signature covers the artifact's bytes; a digest alone cannot verify it"))
                return result
            }
            tried = true
            verified = (try? key.isValidSignature(message.signature, for: bytes, using: .ed25519)) == true
        } else {
            for algorithm in SigstoreAlgorithms.candidates(for: key, preferredHash: hinted) where !verified {
                guard let hash = algorithm.digestAlgorithm, let digest = digests[hash] else { continue }
                tried = true
                verified = (try? key.isValidSignature(message.signature, forDigest: digest, using: algorithm)) == true
            }
        }
        guard tried else {
            result.findings.append(
                location.finding(
                    .sigstoreArtifactDigestUnusable,
                    "the key signs with a hash the artifact was not given in",
                    details: ["given": digests.keys.map(\.rawValue).sorted().joined(separator: ", ")]))
            return result
        }
        if !verified {
            result.findings.append(
                location.finding(
                    .sigstoreSignatureInvalid, "the signature does not verify over the artifact",
                    details: ["artifact": artifact.name, "key": key.description]))
        }
        result.matchedDigest = digests[.sha256] ?? digests.values.first
        return result
    }

    private static func checkEnvelope(
        _ envelope: DSSEEnvelope, key: PublicKey, digests: [DigestAlgorithm: Digest], limits: Limits
    ) -> Result {
        var result = Result()
        func finding(_ member: String, _ code: FindingCode, _ message: String, details: [String: String] = [:]) -> Finding {
            Finding(code, message, at: envelope.location(of: member), details: details)
        }
        guard envelope.signatures.count == 1 else {
            result.findings.append(
                finding(
                    "signatures", .sigstoreBundleDSSESignatureCount,
                    "a bundle's DSSE envelope must have exactly one signature",
                    details: ["actual": String(envelope.signatures.count)]))
            return result
        }
        let pae = envelope.pae
        let verified = SigstoreAlgorithms.candidates(for: key).contains {
            (try? key.isValidSignature(envelope.signatures[0].signature, for: pae, using: $0)) == true
        }
        if !verified {
            result.findings.append(
                finding(
                    "signatures", .sigstoreSignatureInvalid, "the DSSE signature does not verify over the envelope",
                    details: ["key": key.description]))
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            result.findings.append(
                finding(
                    "payloadType", .sigstoreDSSEPayloadTypeUnsupported, "the DSSE payload is not an in-toto statement",
                    details: ["expected": DSSEEnvelope.inTotoPayloadType, "actual": envelope.payloadType]))
            return result
        }
        let payloadLocation = envelope.location(of: "payload")
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement.parse(
                envelope.payload, input: "\(payloadLocation.input)#\(payloadLocation.pointer ?? .root)", limits: limits)
        } catch {
            let first = error.findings[0]
            let code: FindingCode =
                first.code == .statementTooManySubjects ? .sigstoreBundleLimitExceeded : .sigstoreDSSEStatementMalformed
            result.findings.append(
                Finding(code, "the payload is not a usable in-toto statement: \(first.message)", at: payloadLocation))
            return result
        }
        guard let subject = statement.subjects(matching: Array(digests.values)).first else {
            result.findings.append(
                Finding(
                    .sigstoreDSSESubjectMismatch, "the artifact is not a subject of the in-toto statement",
                    at: payloadLocation,
                    details: [
                        "actual": digests.values.map(\.description).sorted().joined(separator: ", "),
                        "subjects": statement.subjects.map(\.name).joined(separator: ", "),
                    ]))
            return result
        }
        result.matchedDigest =
            digests.first { subject.digests[$0.key.rawValue] == $0.value.hex }?.value
        result.statement = CheckedStatement(predicateType: statement.predicateType, matchedSubject: subject.name)
        return result
    }
}
