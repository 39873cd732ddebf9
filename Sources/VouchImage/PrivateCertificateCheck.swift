import VouchCore
import VouchCrypto
import VouchSigstore

/// Checks a signing certificate against a private PKI (``CertificateAuthorityPolicy``): the path to one of its
/// roots at each time, the code-signing usage when extended key usages are listed, and the identity.
enum PrivateCertificateCheck {
    static func check(
        _ leaf: Certificate, chain: [Certificate], policy: CertificateAuthorityPolicy, at times: [VerificationTime],
        location: SourceLocation, limits: Limits
    ) -> [Finding] {
        var findings: [Finding] = []
        let verifier = ChainVerifier(roots: policy.roots, limits: limits)
        let intermediates = policy.intermediates + chain.filter { !$0.isSelfIssued }
        for time in times {
            let outcome = verifier.verify(leaf: leaf, intermediates: intermediates, at: time, requiredEKU: nil)
            for failure in outcome.isVerified ? [] : outcome.findings {
                findings.append(
                    Finding(
                        .sigstoreCertificateUntrusted,
                        "the certificate does not chain to a root of --ca-roots at \(time): \(failure.message)",
                        at: location, details: failure.details.merging(["time": time.rfc3339]) { a, _ in a }))
            }
        }
        if !leaf.extendedKeyUsage.isEmpty, !leaf.extendedKeyUsage.contains(OID.codeSigning) {
            findings.append(
                Finding(
                    .cryptoChainEKUMissing, "the certificate lists extended key usages, and code signing is not one",
                    at: location,
                    details: ["expected": OID.codeSigning, "actual": leaf.extendedKeyUsage.joined(separator: ", ")]))
        }
        let names = leaf.subjectAlternativeNames.map { name -> String in
            switch name {
            case .email(let value), .uri(let value), .dns(let value), .ip(let value): value
            case .otherName(_, let value): value
            }
        }
        if !names.contains(where: policy.identity.subjectAlternativeName.matches) {
            findings.append(
                Finding(
                    .sigstoreIdentitySANMismatch, "the certificate's identity is not the expected one", at: location,
                    details: [
                        "expected": policy.identity.subjectAlternativeName.description,
                        "actual": names.isEmpty ? "(no subject alternative name)" : names.joined(separator: ", "),
                    ]))
        }
        let issuer =
            leaf.extensionUTF8String(oid: "1.3.6.1.4.1.57264.1.8")
            ?? leaf.extensionRawString(oid: "1.3.6.1.4.1.57264.1.1") ?? ""
        if !policy.identity.issuer.matches(issuer) {
            findings.append(
                Finding(
                    .sigstoreIdentityIssuerMismatch, "the certificate's OIDC issuer is not the expected one",
                    at: location,
                    details: [
                        "expected": policy.identity.issuer.description, "actual": issuer.isEmpty ? "(absent)" : issuer,
                    ]))
        }
        for matcher in [policy.identity.subjectAlternativeName, policy.identity.issuer]
        where matcher.isUnanchoredExpression {
            findings.append(
                Finding(
                    .sigstoreIdentityUnanchored, severity: .warning,
                    "the expression is not anchored, so it also matches values that merely contain a match",
                    at: location, details: ["pattern": matcher.description]))
        }
        return findings
    }
}
