import VouchCore
import VouchCrypto
import VouchJSON

/// Checks the signing certificate against the trusted root's certificate authorities at every verified time
/// (sigstore-go's "hybrid" model): the leaf must be issued by an authority of the root, have the code-signing
/// extended key usage, and at each time the leaf, the authority's certificates and the authority's `validFor`
/// window must all be valid.
///
/// Signatures and constraints do not depend on time, so the path from the leaf to the authority is verified once per
/// bundle (OpenSSL, at a moment when the leaf and all the authority's certificates are valid, against the authority's
/// first certificate; the authority's own chain is checked once per verifier, see ``PreparedAuthority``) and only the
/// validity windows of the leaf and of every certificate of the authority are compared per verified time.
enum CertificateChainCheck {
    struct Result {
        var findings: [Finding] = []
        /// The authority that issued the leaf, when one did.
        var authority: CertificateAuthority?
        /// The authority certificate that issued the leaf (for SCTs), even when the chain failed.
        var issuer: Certificate?
    }

    static func check(
        _ leaf: Certificate, at times: [VerifiedTime], authorities: [PreparedAuthority], location: JSONCursor,
        limits: Limits
    ) -> Result {
        var result = Result()
        let candidates = authorities.filter { $0.authority.certificates[0].subject == leaf.issuer }
        result.issuer = candidates.first?.authority.certificates[0]
        guard !candidates.isEmpty else {
            result.findings.append(
                location.finding(
                    .sigstoreCertificateUntrusted,
                    "no certificate authority of the trusted root issued the certificate",
                    details: ["issuer": leaf.issuer, "serialNumber": leaf.serialNumber]))
            return result
        }
        var usable: [PreparedAuthority] = []
        var problems: [Finding] = []
        for candidate in candidates {
            var local = candidate.chainProblems.map {
                location.finding(
                    .sigstoreCertificateUntrusted, "the certificate authority's own chain is broken: \($0.message)",
                    details: $0.details.merging(["authority": candidate.authority.name]) { a, _ in a })
            }
            // Build the path at a moment when the leaf and every certificate of the authority are valid; the
            // verified times are compared with the windows below.
            let chain = [leaf] + candidate.authority.certificates
            let start = chain.map(\.notBefore).max()!
            if start > chain.map(\.notAfter).min()! {
                local.append(
                    location.finding(
                        .sigstoreCertificateUntrusted,
                        "the certificate's validity lies outside the validity of its issuing authority's certificates",
                        details: [
                            "authority": candidate.authority.name, "notBefore": leaf.notBefore.rfc3339,
                            "notAfter": leaf.notAfter.rfc3339,
                            "authorityNotAfter": candidate.authority.certificates.map(\.notAfter).min()!.rfc3339,
                        ]))
            } else {
                let outcome = candidate.chain.verifyLeaf(leaf, at: start, requiredEKU: OID.codeSigning)
                for failure in outcome.isVerified ? [] : outcome.findings {
                    if failure.code == .cryptoChainEKUMissing {
                        local.append(
                            Finding(failure.code, failure.message, at: location.location, details: failure.details))
                    } else {
                        local.append(
                            location.finding(
                                .sigstoreCertificateUntrusted,
                                "the certificate does not chain to \(candidate.authority.name): \(failure.message)",
                                details: failure.details.merging(["cause": failure.code.rawValue]) { a, _ in a }))
                    }
                }
            }
            if local.isEmpty {
                usable.append(candidate)
            } else {
                problems += local
            }
        }
        if usable.isEmpty { result.findings += problems }
        for verified in times {
            let time = verified.time
            let timeDetails = [
                "time": time.rfc3339, "source": verified.source.rawValue, "vouchedBy": verified.authority,
            ]
            if time < leaf.notBefore || time > leaf.notAfter {
                result.findings.append(
                    location.finding(
                        .sigstoreCertificateNotValidAtTime, "the signing certificate was not valid at a verified time",
                        details: timeDetails.merging([
                            "notBefore": leaf.notBefore.rfc3339, "notAfter": leaf.notAfter.rfc3339,
                        ]) { a, _ in a }))
                continue
            }
            guard !usable.isEmpty else { continue }
            if let good = usable.first(where: {
                $0.authority.validFor.contains(time) && $0.certificatesNotValid(at: time).isEmpty
            }) {
                result.authority = result.authority ?? good.authority
                continue
            }
            if let outside = usable.first(where: { !$0.authority.validFor.contains(time) }) {
                result.findings.append(
                    location.finding(
                        .sigstoreCertificateCANotValidAtTime,
                        "the issuing certificate authority was not valid at a verified time",
                        details: timeDetails.merging(outside.authority.validFor.details) { a, _ in a }
                            .merging(["authority": outside.authority.name]) { a, _ in a }))
            } else {
                let expired = usable[0].certificatesNotValid(at: time)
                result.findings.append(
                    location.finding(
                        .sigstoreCertificateUntrusted,
                        "a certificate of the issuing authority was not valid at a verified time",
                        details: timeDetails.merging([
                            "authority": usable[0].authority.name,
                            "certificate": expired.map(\.subject).joined(separator: "; "),
                        ]) { a, _ in a }))
            }
        }
        if !result.findings.isEmpty { result.authority = nil }
        return result
    }
}
