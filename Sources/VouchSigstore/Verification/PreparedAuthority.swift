import VouchCore
import VouchCrypto

/// A certificate or timestamp authority of the trusted root whose own chain was checked once, when the verifier was
/// made, so that each bundle only pays for its leaf.
///
/// Signatures and constraints inside the authority's chain do not depend on time; only validity windows do, and
/// those are compared per verified time with ``certificatesNotValid(at:)``.
struct PreparedAuthority: Sendable {
    let authority: CertificateAuthority
    /// Why the authority's chain does not hold together (empty when it does).
    let chainProblems: [Finding]

    init(_ authority: CertificateAuthority, limits: Limits) {
        self.authority = authority
        let certificates = authority.certificates
        guard certificates.count > 1 else {
            chainProblems = []
            return
        }
        // Judge the chain at a moment when every certificate in it is valid; if there is none, it never holds.
        let latestStart = certificates.map(\.notBefore).max()!
        let earliestEnd = certificates.map(\.notAfter).min()!
        guard latestStart <= earliestEnd else {
            chainProblems = [
                Finding(
                    .sigstoreCertificateUntrusted, "the authority's certificates are never valid at the same time",
                    input: authority.name)
            ]
            return
        }
        let outcome = ChainVerifier(
            roots: [certificates[certificates.count - 1]], allowPartialChain: true, limits: limits
        )
        .verify(
            leaf: certificates[0], intermediates: Array(certificates.dropFirst().dropLast()), at: latestStart,
            requiredEKU: nil)
        chainProblems = outcome.isVerified ? [] : outcome.findings
    }

    /// The certificates of the authority's chain, from `index` on, whose validity excludes `time`.
    func certificatesNotValid(at time: VerificationTime, from index: Int = 0) -> [Certificate] {
        authority.certificates.dropFirst(index).filter { time < $0.notBefore || time > $0.notAfter }
    }
}
