internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// A certificate authority's chain from trusted material — the certificate that issues leaves first, the trust
/// anchor last — prepared once for verifying the many leaves it issues (a Sigstore CA or TSA in a trusted root).
///
/// Path validation of `leaf → certificates[0] → … → anchor` checks every signature on the path, yet only the leaf's
/// signature changes from one leaf to the next. So the authority's own path `certificates[0] → … → anchor` is verified
/// once, when first needed (``chainProblems``), and a leaf is verified with `certificates[0]` as a partial-chain trust
/// anchor: one signature per leaf instead of one per certificate. Both anchors live in `X509_STORE`s built once.
///
/// Together the two checks give the whole path's answer. Signatures, names, key usages and basic constraints of the
/// authority's certificates do not depend on the leaf; what crosses the cut is checked or avoided here:
/// - **validity**: OpenSSL judges the leaf and `certificates[0]` at the leaf's time; the certificates above it are
///   compared here with OpenSSL's rule (notBefore inclusive, notAfter exclusive);
/// - **path length**: a `pathLenConstraint` counts the non-self-issued intermediates below its certificate, and below a
///   leaf `certificates[0]` is one more than in the authority's own path. The constraints are checked here, once,
///   with OpenSSL's counting;
/// - **name constraints** of a certificate above `certificates[0]` apply to the leaf, and the **chain length** limit
///   counts the whole path.
///
/// When a constraint would be exceeded, a certificate above `certificates[0]` is not valid at the time, a certificate
/// above it carries name constraints, the whole path is longer than the limit, or more intermediates are given, the
/// leaf is verified over the whole path instead, so that OpenSSL gives (and explains) the answer.
public struct TrustedIssuerChain: Sendable {
    /// Leaf issuer first, trust anchor last; never empty.
    public let certificates: [Certificate]
    private let state: PreparedIssuerState

    /// Prepares `certificates` (leaf issuer first, trust anchor last). Nothing is verified until first needed.
    public init(_ certificates: [Certificate], limits: Limits = .default) {
        precondition(!certificates.isEmpty, "a trusted issuer chain needs a certificate")
        self.certificates = certificates
        self.state = PreparedIssuerState(certificates, maxChainLength: limits.maxChainLength)
    }

    /// Why the authority's own path `certificates[0] → … → anchor` does not hold together, judged once at a moment
    /// when all of its certificates are valid (empty when it holds). Copies share the one check.
    public var chainProblems: [Finding] { state.chainProblems }

    /// Verifies the path `leaf → intermediates… → certificates[0] → … → anchor` at `time`, leaving out the problems
    /// of the authority's own path (``chainProblems``, which every leaf shares and the caller reports once).
    ///
    /// Without `intermediates` the leaf must be issued by `certificates[0]`. With ``chainProblems`` empty the result
    /// is ``ChainVerifier``'s for the whole path: `.verified` with the whole path, leaf first, or every failure.
    public func verifyLeaf(
        _ leaf: Certificate, intermediates: [Certificate] = [], at time: VerificationTime, requiredEKU: String?
    ) -> Outcome<[Certificate]> {
        let upper = certificates.dropFirst()
        if intermediates.isEmpty, state.leafPathMatchesWholePath, upper.allSatisfy({ $0.isValid(at: time) }) {
            return state.issuerVerifier.verifying { verifier in
                verifier.verify(leaf: leaf, intermediates: [], at: time, requiredEKU: requiredEKU)
                    .map { _ in [leaf] + certificates }
            }
        }
        return state.anchorVerifier.verifying { verifier in
            verifier.verify(
                leaf: leaf, intermediates: Array(certificates.dropLast()) + intermediates, at: time,
                requiredEKU: requiredEKU)
        }
    }
}

/// What a ``TrustedIssuerChain`` computes once: the stores, whether the short path may stand in for the whole one,
/// and (on first use, under a lock, as it costs a signature per certificate) the chain's own check.
private final class PreparedIssuerState: @unchecked Sendable {
    private let certificates: [Certificate]
    private let maxChainLength: Int
    /// `certificates[0]` as a partial-chain anchor.
    let issuerVerifier: Result<PreparedChainVerifier, FindingError>
    /// The last certificate as anchor, for whole paths.
    let anchorVerifier: Result<PreparedChainVerifier, FindingError>
    /// Whether verifying a leaf against `certificates[0]` alone checks everything the whole path would, apart from
    /// the validity of the certificates above it (compared per time) and the chain's own problems.
    let leafPathMatchesWholePath: Bool
    private let lock = NSLock()
    private var checked: [Finding]?

    init(_ certificates: [Certificate], maxChainLength: Int) {
        self.certificates = certificates
        self.maxChainLength = maxChainLength
        issuerVerifier = Result { () throws(FindingError) in
            try PreparedChainVerifier(
                roots: [certificates[0]], allowPartialChain: true, depth: maxChainLength, input: "trusted issuer")
        }
        anchorVerifier = Result { () throws(FindingError) in
            try PreparedChainVerifier(
                roots: [certificates[certificates.count - 1]], allowPartialChain: true, depth: maxChainLength,
                input: "trusted issuer")
        }
        let upper = certificates.dropFirst()
        leafPathMatchesWholePath =
            certificates.count + 1 <= maxChainLength
            && !upper.contains { $0.extension(oid: OID.nameConstraints) != nil }
            && Self.pathLengthsAllowLeaf(certificates)
    }

    var chainProblems: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        if let checked { return checked }
        let computed = check()
        checked = computed
        return computed
    }

    /// Whether every `pathLenConstraint` above `certificates[0]` admits the intermediates below it when a leaf hangs
    /// below `certificates[0]`. OpenSSL counts, for the certificate at depth `i > 1` of a path (the leaf at depth 0),
    /// the certificates at depths 1 to `i - 1` that are not self-issued; `certificates[k]` is at depth `k + 1`.
    private static func pathLengthsAllowLeaf(_ certificates: [Certificate]) -> Bool {
        var below = 0
        for certificate in certificates {
            if let limit = certificate.pathLengthConstraint, below > limit { return false }
            if !certificate.isSelfIssuedForPathLength { below += 1 }
        }
        return true
    }

    /// The authority's own path, judged at the latest notBefore of its certificates; if that is after the earliest
    /// notAfter, the certificates are never valid together and the path never holds.
    private func check() -> [Finding] {
        guard certificates.count > 1 else { return [] }
        let latestStart = certificates.map(\.notBefore).max()!
        let earliestEnd = certificates.map(\.notAfter).min()!
        guard latestStart < earliestEnd else {
            return [
                Finding(
                    .cryptoChainInvalid, "the authority's certificates are never valid at the same time",
                    input: certificates[0].subject,
                    details: ["latestNotBefore": latestStart.rfc3339, "earliestNotAfter": earliestEnd.rfc3339])
            ]
        }
        let outcome = anchorVerifier.verifying { verifier in
            verifier.verify(
                leaf: certificates[0], intermediates: Array(certificates.dropFirst().dropLast()), at: latestStart,
                requiredEKU: nil)
        }
        return outcome.isVerified ? [] : outcome.findings
    }
}

extension Result<PreparedChainVerifier, FindingError> {
    /// The verifier's answer, or the reason it could not be built.
    fileprivate func verifying(_ body: (PreparedChainVerifier) -> Outcome<[Certificate]>) -> Outcome<[Certificate]> {
        switch self {
        case .success(let verifier): body(verifier)
        case .failure(let error): .failed(error.findings)
        }
    }
}

extension Certificate {
    /// The basic constraints' `pathLenConstraint` (RFC 5280 §4.2.1.9) as OpenSSL reads it, or `nil` when the
    /// certificate is not a CA or sets none.
    public var pathLengthConstraint: Int? {
        let limit = X509_get_pathlen(x509.pointer)
        return limit < 0 ? nil : Int(limit)
    }

    /// Whether OpenSSL treats the certificate as self-issued (same subject and issuer name, consistent authority key
    /// identifier), so that it does not count against the path length constraints above it.
    var isSelfIssuedForPathLength: Bool {
        X509_get_extension_flags(x509.pointer) & UInt32(EXFLAG_SI) != 0
    }

    /// Whether OpenSSL would accept the certificate's validity at `time`: notBefore inclusive, notAfter exclusive.
    func isValid(at time: VerificationTime) -> Bool {
        var seconds = time_t(time.secondsSinceEpoch)
        return X509_cmp_time(X509_get0_notBefore(x509.pointer), &seconds) < 0
            && X509_cmp_time(X509_get0_notAfter(x509.pointer), &seconds) > 0
    }
}
