import Foundation
import VouchCore
import VouchCrypto

/// A certificate or timestamp authority of the trusted root whose own chain is checked once per verifier, the first
/// time a bundle needs it, so that each bundle only pays for its leaf.
///
/// Signatures and constraints inside the authority's chain do not depend on time; only validity windows do, and
/// those are compared per verified time with ``certificatesNotValid(at:from:)``. Copies share the one check.
struct PreparedAuthority: Sendable {
    let authority: CertificateAuthority
    private let check: ChainCheckOnce

    init(_ authority: CertificateAuthority, limits: Limits) {
        self.authority = authority
        self.check = ChainCheckOnce(authority, limits: limits)
    }

    /// Why the authority's chain does not hold together (empty when it does).
    var chainProblems: [Finding] { check.problems }

    /// The certificates of the authority's chain, from `index` on, whose validity excludes `time`.
    func certificatesNotValid(at time: VerificationTime, from index: Int = 0) -> [Certificate] {
        authority.certificates.dropFirst(index).filter { time < $0.notBefore || time > $0.notAfter }
    }
}

/// The authority's chain check, run at most once and shared by the threads that need it. A trusted root lists every
/// historic authority; most bundles need one, and each check costs a P-384 verification.
private final class ChainCheckOnce: @unchecked Sendable {
    private let authority: CertificateAuthority
    private let limits: Limits
    private let lock = NSLock()
    private var result: [Finding]?

    init(_ authority: CertificateAuthority, limits: Limits) {
        self.authority = authority
        self.limits = limits
    }

    var problems: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        if let result { return result }
        let computed = Self.check(authority, limits: limits)
        result = computed
        return computed
    }

    private static func check(_ authority: CertificateAuthority, limits: Limits) -> [Finding] {
        let certificates = authority.certificates
        guard certificates.count > 1 else { return [] }
        // Judge the chain at a moment when every certificate in it is valid; if there is none, it never holds.
        let latestStart = certificates.map(\.notBefore).max()!
        let earliestEnd = certificates.map(\.notAfter).min()!
        guard latestStart <= earliestEnd else {
            return [
                Finding(
                    .sigstoreCertificateUntrusted, "the authority's certificates are never valid at the same time",
                    input: authority.name)
            ]
        }
        let outcome = ChainVerifier(
            roots: [certificates[certificates.count - 1]], allowPartialChain: true, limits: limits
        )
        .verify(
            leaf: certificates[0], intermediates: Array(certificates.dropFirst().dropLast()), at: latestStart,
            requiredEKU: nil)
        return outcome.isVerified ? [] : outcome.findings
    }
}
