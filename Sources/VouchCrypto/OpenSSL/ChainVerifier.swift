internal import CVouchShims.OpenSSL
import VouchCore

/// Verifies an X.509 path from a leaf to trusted roots at a given time (RFC 5280 §6, as OpenSSL implements it).
///
/// Every failure OpenSSL meets is reported, not only the first: the verification callback records each one and
/// lets path building continue, and the result is `.verified` only when OpenSSL succeeds *and* nothing was
/// recorded. Each finding carries `verifyError` (OpenSSL's text), `verifyErrorCode`, `depth` (0 is the leaf) and
/// `subject` in its details.
///
/// Validity follows OpenSSL: a certificate is valid from `notBefore` inclusive until `notAfter` *exclusive*, one
/// second stricter than RFC 5280's inclusive `notAfter`.
///
/// OpenSSL 3.0 has no code-signing purpose, so an extended key usage requirement is checked here, on the leaf only:
/// the leaf must list the purpose itself (anyExtendedKeyUsage does not count).
public struct ChainVerifier: Sendable {
    /// The trust anchors.
    public var roots: [Certificate]
    /// Accept a path that ends at any certificate in ``roots``, even one that is not self-signed (an intermediate
    /// pinned as trust anchor, as Sigstore trusted roots do).
    public var allowPartialChain: Bool
    /// Most certificates in a path, leaf and root included.
    public var maxChainLength: Int

    public init(roots: [Certificate], allowPartialChain: Bool = false, limits: Limits = .default) {
        self.roots = roots
        self.allowPartialChain = allowPartialChain
        self.maxChainLength = limits.maxChainLength
    }

    /// Convenience for one verification with default limits.
    public static func verifyChain(
        leaf: Certificate, intermediates: [Certificate], roots: [Certificate], at time: VerificationTime,
        requiredEKU: String?, allowPartialChain: Bool = false
    ) -> Outcome<[Certificate]> {
        ChainVerifier(roots: roots, allowPartialChain: allowPartialChain)
            .verify(leaf: leaf, intermediates: intermediates, at: time, requiredEKU: requiredEKU)
    }

    /// Builds and checks a path from `leaf` through any of `intermediates` to one of ``roots``, judged at `time`.
    ///
    /// - Returns: the path, leaf first and trust anchor last, or every failure found.
    public func verify(
        leaf: Certificate, intermediates: [Certificate], at time: VerificationTime, requiredEKU: String?
    ) -> Outcome<[Certificate]> {
        do {
            return try PreparedChainVerifier(
                roots: roots, allowPartialChain: allowPartialChain, depth: maxChainLength, input: leaf.subject
            ).verify(leaf: leaf, intermediates: intermediates, at: time, requiredEKU: requiredEKU)
        } catch {
            return .failed(error.findings + ChainVerifier.ekuFindings(leaf, requiredEKU: requiredEKU))
        }
    }

    /// The finding for a leaf without the required extended key usage, if any.
    static func ekuFindings(_ leaf: Certificate, requiredEKU: String?) -> [Finding] {
        guard let requiredEKU, !leaf.extendedKeyUsage.contains(requiredEKU) else { return [] }
        return [
            Finding(
                .cryptoChainEKUMissing, "the leaf certificate does not allow extended key usage \(requiredEKU)",
                input: leaf.subject,
                details: ["expected": requiredEKU, "actual": leaf.extendedKeyUsage.joined(separator: ", ")])
        ]
    }
}

/// A ``ChainVerifier`` whose trust anchors are loaded once into an OpenSSL `X509_STORE`, for verifying many leaves
/// against the same anchors (one store per Sigstore certificate authority, shared by every bundle and thread).
///
/// It checks exactly what ``ChainVerifier`` checks: the store holds only the anchors, and the time, depth and
/// partial-chain setting are applied to each verification's own context. An `X509_STORE` is made to be shared: it is
/// reference counted and its lookups are locked, and nothing is added to it after it is built.
public struct PreparedChainVerifier: Sendable {
    /// The trust anchors.
    public let roots: [Certificate]
    /// Whether a path may end at an anchor that is not self-signed (see ``ChainVerifier/allowPartialChain``).
    public let allowPartialChain: Bool
    /// Most certificates in a path, leaf and root included.
    public let maxChainLength: Int
    private let store: SharedX509Store

    /// Loads `roots` into a store.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoChainUntrusted`` without roots, and
    ///   ``VouchCore/FindingCode/cryptoOpenSSLFailure`` when OpenSSL cannot build the store.
    public init(roots: [Certificate], allowPartialChain: Bool = false, limits: Limits = .default) throws(FindingError) {
        try self.init(
            roots: roots, allowPartialChain: allowPartialChain, depth: limits.maxChainLength, input: "trust anchors")
    }

    init(roots: [Certificate], allowPartialChain: Bool, depth maxChainLength: Int, input: String) throws(FindingError) {
        guard !roots.isEmpty else {
            throw FindingError(.cryptoChainUntrusted, "no trusted root certificates were given", input: input)
        }
        guard let storePointer = X509_STORE_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate an X509_STORE", input: input)
        }
        let store = SharedX509Store(storePointer)
        for root in roots where X509_STORE_add_cert(store.pointer, root.x509.pointer) != 1 {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot add a root certificate", input: root.subject)
        }
        self.roots = roots
        self.allowPartialChain = allowPartialChain
        self.maxChainLength = maxChainLength
        self.store = store
    }

    /// Builds and checks a path from `leaf` through any of `intermediates` to one of ``roots``, judged at `time`.
    ///
    /// - Returns: the path, leaf first and trust anchor last, or every failure found.
    public func verify(
        leaf: Certificate, intermediates: [Certificate], at time: VerificationTime, requiredEKU: String?
    ) -> Outcome<[Certificate]> {
        let findings = ChainVerifier.ekuFindings(leaf, requiredEKU: requiredEKU)
        do {
            switch try buildPath(leaf: leaf, intermediates: intermediates, at: time, input: leaf.subject) {
            case .verified(let chain, _):
                return .judge(chain, findings: findings)
            case .failed(let failures):
                return .failed(failures + findings)
            }
        } catch {
            return .failed(error.findings + findings)
        }
    }

    private func buildPath(
        leaf: Certificate, intermediates: [Certificate], at time: VerificationTime, input: String
    ) throws(FindingError) -> Outcome<[Certificate]> {
        guard let untrusted = OwnedX509Stack(intermediates.map(\.x509)), let contextPointer = X509_STORE_CTX_new()
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a verification context", input: input)
        }
        let context = OwnedX509StoreContext(contextPointer)
        guard X509_STORE_CTX_init(context.pointer, store.pointer, leaf.x509.pointer, untrusted.pointer) == 1,
            let parameters = X509_STORE_CTX_get0_param(context.pointer)
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot initialise the verification", input: input)
        }
        // Sets X509_V_FLAG_USE_CHECK_TIME as well: the clock is never read.
        X509_VERIFY_PARAM_set_time(parameters, time_t(time.secondsSinceEpoch))
        // OpenSSL's depth counts the certificates above the leaf, excluding the trust anchor.
        X509_VERIFY_PARAM_set_depth(parameters, Int32(clamping: max(0, maxChainLength - 2)))
        if allowPartialChain {
            X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        }
        let recorder = VerifyErrorRecorder()
        let unmanaged = Unmanaged.passRetained(recorder)
        defer { unmanaged.release() }
        // Index 0 is the application data slot (X509_STORE_CTX_set_app_data is a macro over this call).
        guard X509_STORE_CTX_set_ex_data(context.pointer, 0, unmanaged.toOpaque()) == 1 else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot attach the error recorder", input: input)
        }
        X509_STORE_CTX_set_verify_cb(context.pointer) { ok, context in
            guard ok == 0, let context else { return ok }
            guard let raw = X509_STORE_CTX_get_ex_data(context, 0) else { return 0 }
            Unmanaged<VerifyErrorRecorder>.fromOpaque(raw).takeUnretainedValue().record(context)
            return 1
        }
        let result = X509_verify_cert(context.pointer)
        let queue = OpenSSLErrorQueue.drain()
        var failures = recorder.findings(input: input)
        if result != 1 && failures.isEmpty {
            let code = X509_STORE_CTX_get_error(context.pointer)
            var details = ["verifyErrorCode": String(code)]
            details["openssl"] = queue
            failures.append(
                Finding(.cryptoChainInvalid, "the certificate chain does not verify", input: input, details: details))
        }
        guard failures.isEmpty else { return .failed(failures) }
        guard let chainPointer = X509_STORE_CTX_get1_chain(context.pointer) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "the verified chain cannot be read", input: input)
        }
        let known = [leaf] + intermediates + roots
        var chain: [Certificate] = []
        for member in OwnedX509Stack(chainPointer).certificates {
            if let certificate = known.first(where: { $0.x509.pointer == member.pointer }) {
                chain.append(certificate)
            } else {
                throw FindingError(.internalError, "the verified chain holds an unknown certificate", input: input)
            }
        }
        return .verified(chain, notes: [])
    }
}

/// Collects the failures OpenSSL reports to the verification callback. Used by one verification on one thread.
private final class VerifyErrorRecorder {
    private struct Entry {
        var code: Int32
        var depth: Int32
        var subject: String
    }

    private var entries: [Entry] = []

    func record(_ context: OpaquePointer) {
        let code = X509_STORE_CTX_get_error(context)
        let depth = X509_STORE_CTX_get_error_depth(context)
        var subject = ""
        if let certificate = X509_STORE_CTX_get_current_cert(context),
            let parsed = try? Certificate.subjectText(of: certificate)
        {
            subject = parsed
        }
        entries.append(Entry(code: code, depth: depth, subject: subject))
    }

    /// One finding per code and depth: OpenSSL often reports one missing issuer twice (errors 20 and 21).
    func findings(input: String) -> [Finding] {
        var seen: Set<String> = []
        return entries.compactMap { entry in
            let text = String(cString: X509_verify_cert_error_string(Int(entry.code)))
            let (code, message): (FindingCode, String) =
                switch entry.code {
                case X509_V_ERR_CERT_HAS_EXPIRED:
                    (.cryptoChainExpired, "a certificate had expired at the verification time")
                case X509_V_ERR_CERT_NOT_YET_VALID:
                    (.cryptoChainNotYetValid, "a certificate was not yet valid at the verification time")
                case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                    X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
                    X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_UNTRUSTED:
                    (.cryptoChainUntrusted, "no path leads from the certificate to a trusted root")
                default:
                    (.cryptoChainInvalid, "the certificate chain is invalid: \(text)")
                }
            guard seen.insert("\(code) \(entry.depth)").inserted else { return nil }
            return Finding(
                code, message, input: input,
                details: [
                    "verifyError": text, "verifyErrorCode": String(entry.code), "depth": String(entry.depth),
                    "subject": entry.subject,
                ])
        }
    }
}
