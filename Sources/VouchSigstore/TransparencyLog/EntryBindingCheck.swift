import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

/// Binds a log entry to the bundle (client spec §4.4): the log must have recorded *this* signature, made by *this*
/// certificate or key, over *this* artifact or payload. Without it a valid entry for something else would vouch for
/// the bundle.
///
/// - message signature: a hashedrekord entry with the same signature bytes, the same signer, and the artifact's
///   digest;
/// - DSSE envelope: a dsse or intoto entry with the payload's digest and the envelope's signature by the same signer;
///   an intoto 0.0.1 entry records no signatures, only the payload's digest and the one certificate or key, which
///   must then be the bundle's (the envelope's signature is verified against that signer as for every bundle).
enum EntryBindingCheck {
    static func check(
        _ body: RekorEntryBody, entry: TransparencyLogEntry, content: BundleContent,
        signer: BundleSigner?, artifactDigests: [DigestAlgorithm: Digest]
    ) -> [Finding] {
        let location = entry.cursor.child("canonicalizedBody") ?? entry.cursor
        func mismatch(_ message: String, _ details: [String: String] = [:]) -> Finding {
            location.finding(
                .sigstoreTlogEntryMismatch, message,
                details: details.merging(["kind": "\(entry.kind) \(entry.version)"]) { a, _ in a })
        }
        /// The finding when the entry records another certificate or key than the bundle's signer.
        func signerMismatch(_ signer: BundleSigner, _ recorded: RekorEntryBody.Signer) -> Finding? {
            if signer.matches(recorded) { return nil }
            return mismatch(
                "the log entry records another \(signer.isCertificate ? "certificate" : "key") than the bundle's",
                ["expected": signer.description, "recorded": recorded.description])
        }
        var findings: [Finding] = []
        let signatures: [[UInt8]]
        switch content {
        case .messageSignature(let message):
            guard body.kind == .hashedRekord else {
                return [mismatch("a message signature must be logged as a hashedrekord entry")]
            }
            signatures = [message.signature]
            if let recorded = body.artifactDigest {
                if let actual = artifactDigests[recorded.algorithm] {
                    if actual != recorded {
                        findings.append(
                            location.finding(
                                .sigstoreArtifactDigestMismatch, "the log entry records a different artifact digest",
                                details: ["expected": recorded.description, "actual": actual.description]))
                    }
                } else {
                    findings.append(
                        location.finding(
                            .sigstoreArtifactDigestUnusable,
                            "the log entry records a \(recorded.algorithm.rawValue) digest; the artifact was given "
                                + "as another",
                            details: ["recorded": recorded.description]))
                }
            }
        case .dsseEnvelope(let envelope):
            guard body.kind == .dsse || body.kind == .intoto else {
                return [mismatch("a DSSE envelope must be logged as a dsse or intoto entry")]
            }
            signatures = envelope.signatures.map(\.signature)
            if let recorded = body.payloadDigest {
                let actual = Digest.of(envelope.payload, using: recorded.algorithm)
                if actual != recorded {
                    findings.append(
                        mismatch(
                            "the log entry records a different DSSE payload",
                            ["expected": recorded.description, "actual": actual.description]))
                }
            } else {
                findings.append(mismatch("the log entry records no payload hash"))
            }
            if let stored = body.payload, stored != envelope.payload {
                findings.append(mismatch("the log entry stores a different DSSE payload"))
            }
        }
        guard body.recordsSignatures else {
            guard let signer, let recorded = body.entrySigner else {
                if signer == nil { return findings }
                return findings + [mismatch("the log entry records no certificate or key")]
            }
            if let finding = signerMismatch(signer, recorded) { findings.append(finding) }
            return findings
        }
        if body.signatures.count != signatures.count {
            findings.append(
                mismatch(
                    "the log entry records \(body.signatures.count) signatures, the bundle has \(signatures.count)"))
        }
        for signature in signatures {
            guard let logged = body.signatures.first(where: { $0.bytes == signature }) else {
                findings.append(
                    mismatch(
                        "the log entry does not record the bundle's signature",
                        [
                            "actual": Base64.encode(signature),
                            "recorded": body.signatures.map { Base64.encode($0.bytes) }.joined(separator: ", "),
                        ]))
                continue
            }
            guard let signer else { continue }
            guard let recorded = logged.signer else {
                findings.append(mismatch("the log entry records no certificate or key for the signature"))
                continue
            }
            if let finding = signerMismatch(signer, recorded) { findings.append(finding) }
        }
        return findings
    }
}
