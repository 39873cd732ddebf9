import VouchCore
import VouchCrypto

/// A certificate or timestamp authority of the trusted root, prepared once per verifier so that each bundle only
/// pays for its own leaf.
///
/// The authority's certificates are trusted material: the signatures and constraints inside its chain do not depend
/// on the bundle, so they are verified once, the first time a bundle needs the authority (``chainProblems``; a
/// trusted root lists every historic authority and most bundles need one), and a leaf is then verified against the
/// authority's first certificate alone (``TrustedIssuerChain``, which falls back to the whole path whenever the short
/// one could answer differently). Validity does depend on the bundle: every certificate of the chain is compared with
/// every verified time of every bundle (``certificatesNotValid(at:from:)``), nothing about time is cached. Copies
/// share the one check.
struct PreparedAuthority: Sendable {
    let authority: CertificateAuthority
    /// The authority's certificates with their trust stores, built once.
    let chain: TrustedIssuerChain

    init(_ authority: CertificateAuthority, limits: Limits) {
        self.authority = authority
        self.chain = TrustedIssuerChain(authority.certificates, limits: limits)
    }

    /// Why the authority's chain does not hold together (empty when it does).
    var chainProblems: [Finding] { chain.chainProblems }

    /// The certificates of the authority's chain, from `index` on, whose validity excludes `time`.
    func certificatesNotValid(at time: VerificationTime, from index: Int = 0) -> [Certificate] {
        authority.certificates.dropFirst(index).filter { time < $0.notBefore || time > $0.notAfter }
    }
}
