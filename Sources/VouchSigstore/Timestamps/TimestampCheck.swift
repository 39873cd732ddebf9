import VouchCore
import VouchCrypto
import VouchJSON

/// Checks the bundle's RFC 3161 timestamps (client spec §4.2.1; sigstore timestamp-authority verification):
///
/// 1. Each token appears once (a repeated token is refused, as sigstore-python does) and parses as a granted
///    response with one signer.
/// 2. Its message imprint is SHA-256, -384 or -512 of the bytes it covers: the bundle's signature bytes, or for a
///    legacy cosign `.att` layer the envelope as stored (what `cosign attest` sent to the timestamp authority).
/// 3. A timestamp authority of the trusted root issued it: the SignerInfo names the authority's signing certificate,
///    or an embedded certificate that chains to the authority.
/// 4. The signer's chain is valid at genTime (so a chain that expired since still passes), and the signer has the
///    critical, sole extended key usage timeStamping.
/// 5. The CMS signature verifies and the ESS signing-certificate attribute names the signer.
/// 6. genTime lies in the authority's `validFor` window (closed).
///
/// Several tokens from one authority are all checked; each verified genTime is a trusted time.
enum TimestampCheck {
    static let timeStampingEKU = "1.3.6.1.5.5.7.3.8"

    struct Result {
        var findings: [Finding] = []
        var checked: [CheckedTimestamp] = []
        var times: [VerifiedTime] = []
    }

    /// - Parameter message: the bytes the timestamps cover (the bundle's signature, or an `.att` layer's envelope).
    static func check(
        _ timestamps: [(der: [UInt8], cursor: JSONCursor)], message: [UInt8], authorities: [PreparedAuthority],
        limits: Limits
    ) -> Result {
        var result = Result()
        var seen: Set<[UInt8]> = []
        for (der, cursor) in timestamps {
            guard seen.insert(der).inserted else {
                result.findings.append(
                    cursor.finding(.sigstoreTimestampDuplicate, "the same RFC 3161 timestamp appears twice"))
                continue
            }
            let token: TimestampToken
            do {
                token = try TimestampToken(responseDER: der)
            } catch {
                result.findings.append(
                    cursor.finding(
                        .sigstoreTimestampMalformed, "not a usable RFC 3161 response: \(error.message)",
                        details: error.details))
                continue
            }
            let problems = checkToken(token, message: message, authorities: authorities, at: cursor)
            switch problems {
            case .failure(let failures):
                result.findings += failures.findings
            case .success(let (checked, authority)):
                result.checked.append(checked)
                result.times.append(VerifiedTime(source: .timestamp, time: token.genTime, authority: authority))
            }
        }
        return result
    }

    private static func checkToken(
        _ token: TimestampToken, message: [UInt8], authorities: [PreparedAuthority], at cursor: JSONCursor
    ) -> Swift.Result<(CheckedTimestamp, String), Failures> {
        var findings: [Finding] = []
        let details = ["genTime": token.genTime.rfc3339, "serialNumber": token.serialNumber]
        // 2. The imprint.
        if let algorithm = token.messageImprintAlgorithm, algorithm != .sha1 {
            let expected = Digest.of(message, using: algorithm).bytes
            if token.messageImprint != expected {
                findings.append(
                    cursor.finding(
                        .sigstoreTimestampImprintMismatch,
                        "the timestamp's message imprint is not the digest of the signed bytes it must cover",
                        details: details.merging([
                            "expected": Hex.encode(expected), "actual": Hex.encode(token.messageImprint),
                        ]) { a, _ in a }))
            }
        } else {
            findings.append(
                cursor.finding(
                    .sigstoreTimestampAlgorithmUnsupported,
                    "the message imprint uses "
                        + (token.messageImprintAlgorithm?.rawValue ?? token.messageImprintAlgorithmOID),
                    details: ["supported": "sha256, sha384, sha512"]))
        }
        // 3. The authority.
        for prepared in authorities {
            let authority = prepared.authority
            let chain = authority.certificates
            guard let signed = token.checkSigner(among: chain + token.embeddedCertificates) else { continue }
            let signer = signed.signer
            var authorityDetails = details
            authorityDetails["authority"] = authority.name
            authorityDetails["signer"] = signer.subject
            // 4. The signer's chain at genTime.
            if let position = chain.firstIndex(of: signer) {
                for problem in prepared.chainProblems {
                    findings.append(
                        cursor.finding(
                            .sigstoreTimestampChainInvalid,
                            "the authority's certificate chain is broken: \(problem.message)",
                            details: authorityDetails.merging(problem.details) { a, _ in a }))
                }
                for certificate in prepared.certificatesNotValid(at: token.genTime, from: position) {
                    findings.append(
                        cursor.finding(
                            .sigstoreTimestampChainInvalid,
                            "a TSA certificate was not valid at the timestamp's genTime",
                            details: authorityDetails.merging([
                                "certificate": certificate.subject, "notBefore": certificate.notBefore.rfc3339,
                                "notAfter": certificate.notAfter.rfc3339,
                            ]) { a, _ in a }))
                }
            } else {
                let outcome = prepared.chain.verifyLeaf(
                    signer, intermediates: token.embeddedCertificates, at: token.genTime, requiredEKU: nil)
                if case .failed(let failures) = outcome {
                    if failures.allSatisfy({ $0.code == .cryptoChainUntrusted }) { continue }
                    for failure in failures {
                        findings.append(
                            cursor.finding(
                                .sigstoreTimestampChainInvalid,
                                "the embedded TSA certificate does not chain at genTime",
                                details: authorityDetails.merging(failure.details) { a, _ in a }.merging([
                                    "cause": failure.code.rawValue
                                ]) { a, _ in a }))
                    }
                }
            }
            let usage = signer.extension(oid: OID.extendedKeyUsage)
            if signer.extendedKeyUsage != [timeStampingEKU] || usage?.critical != true {
                findings.append(
                    cursor.finding(
                        .sigstoreTimestampChainInvalid,
                        "the TSA certificate must have the critical, sole extended key usage timeStamping",
                        details: authorityDetails.merging(["actual": signer.extendedKeyUsage.joined(separator: ", ")]) {
                            a, _ in a
                        }))
            }
            // 5. Signature and certificate binding.
            if let failure = signed.signatureFailure {
                findings.append(
                    cursor.finding(
                        .sigstoreTimestampSignatureInvalid, "the timestamp's signature does not verify",
                        details: authorityDetails.merging(["openssl": failure]) { a, _ in a }))
            }
            let binding = signed.binding
            if binding != .matches {
                findings.append(
                    cursor.finding(
                        .sigstoreTimestampESSBinding,
                        "the ESS signing-certificate attribute does not name the signer (\(binding))",
                        details: authorityDetails))
            }
            // 6. The authority's window.
            if !authority.validFor.contains(token.genTime) {
                findings.append(
                    cursor.finding(
                        .sigstoreTimestampOutsideTSAValidity,
                        "the timestamp's genTime is outside the authority's validity in the trusted root",
                        details: authorityDetails.merging(authority.validFor.details) { a, _ in a }))
            }
            guard findings.isEmpty else { return .failure(Failures(findings)) }
            return .success(
                (
                    CheckedTimestamp(
                        genTime: token.genTime, authority: authority.name, signer: signer.subject,
                        serialNumber: token.serialNumber, policyOID: token.policyOID),
                    authority.name
                ))
        }
        findings.append(
            cursor.finding(
                .sigstoreTimestampUntrusted, "no timestamp authority of the trusted root issued this timestamp",
                details: details.merging([
                    "embeddedCertificates": token.embeddedCertificates.map(\.subject).joined(separator: "; ")
                ]) { a, _ in a }))
        return .failure(Failures(findings))
    }

    /// Findings as an error, for `Result`.
    struct Failures: Error {
        var findings: [Finding]
        init(_ findings: [Finding]) { self.findings = findings }
    }
}
