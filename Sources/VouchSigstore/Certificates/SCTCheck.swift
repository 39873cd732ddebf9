import VouchCore
import VouchCrypto
import VouchJSON

/// Checks the signing certificate's embedded SCTs against the trusted root's CT logs (RFC 6962 §3.2):
///
/// 1. The certificate carries an SCT list.
/// 2. For each SCT: a CT log of the root has its log ID, the log key was valid at the SCT's time, and the signature
///    verifies over the precertificate rebuilt from the certificate (SCT list removed) with the issuer's key hash
///    and the SCT's own extensions.
/// 3. At least one SCT verifies (sigstore-go's default threshold). SCTs from logs the root does not know are
///    reported only when none verifies.
enum SCTCheck {
    struct Result {
        var findings: [Finding] = []
        var checked: [CheckedSCT] = []
    }

    static func check(
        _ leaf: Certificate, issuer: Certificate, trustedRoot: TrustedRoot, location: JSONCursor
    ) -> Result {
        var result = Result()
        let timestamps: [SignedCertificateTimestamp]
        let tbs: [UInt8]
        let issuerKeyHash: [UInt8]
        do {
            timestamps = try leaf.embeddedSCTs()
            tbs = try leaf.precertificateTBS()
            issuerKeyHash = DigestAlgorithm.sha256.digestBytes(of: try issuer.subjectPublicKeyInfoDER)
        } catch {
            result.findings.append(
                location.finding(
                    .sigstoreSCTMalformed, "the embedded SCTs cannot be read: \(error.findings[0].message)"))
            return result
        }
        guard !timestamps.isEmpty else {
            result.findings.append(
                location.finding(.sigstoreSCTMissing, "the signing certificate has no embedded SCT"))
            return result
        }
        var problems: [Finding] = []
        var logs: Set<[UInt8]> = []
        for sct in timestamps {
            let details = ["logID": Base64.encode(sct.logID), "time": sct.time.rfc3339]
            guard let log = trustedRoot.ctLog(id: sct.logID) else {
                problems.append(
                    location.finding(
                        .sigstoreSCTLogUnknown, "no CT log of the trusted root has the SCT's log ID", details: details))
                continue
            }
            guard log.validFor.contains(sct.time) else {
                problems.append(
                    location.finding(
                        .sigstoreSCTLogNotValidAtTime, "the CT log's key was not valid at the SCT's time",
                        details: details.merging(log.validFor.details) { a, _ in a }.merging(["log": log.baseURL]) {
                            a, _ in a
                        }))
                continue
            }
            guard let key = log.publicKey, let digest = sct.digestAlgorithm, sct.version == 0 else {
                problems.append(
                    location.finding(
                        .sigstoreSCTInvalid, "the SCT's version, hash or log key is not usable",
                        details: details.merging(["log": log.baseURL]) { a, _ in a }))
                continue
            }
            let algorithm = SigstoreAlgorithms.algorithm(for: key, keyDetails: log.keyDetails, preferredHash: digest)
            let signed = sct.signedData(precertificateTBS: tbs, issuerKeyHash: issuerKeyHash)
            guard (try? key.isValidSignature(sct.signature, for: signed, using: algorithm)) == true else {
                problems.append(
                    location.finding(
                        .sigstoreSCTInvalid, "the SCT's signature does not verify over the precertificate",
                        details: details.merging(["log": log.baseURL]) { a, _ in a }))
                continue
            }
            if logs.insert(log.logID).inserted {
                result.checked.append(CheckedSCT(log: log.baseURL, time: sct.time))
            }
        }
        if result.checked.isEmpty { result.findings = problems }
        return result
    }
}
