import VouchCore

/// How an ECDSA signature's two integers are serialised.
public enum ECDSASignatureEncoding: Sendable, Hashable {
    /// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` in strict DER (X.509, cosign, Sigstore bundles).
    case der
    /// `r || s`, each left-padded to the curve's scalar size (JOSE, WebAuthn, some TUF metadata).
    case raw
}

/// The salt length of an RSASSA-PSS signature (RFC 8017 §9.1).
public enum PSSSaltLength: Sendable, Hashable {
    /// The salt is as long as the digest; what most signers produce.
    case digestLength
    /// Verification accepts any salt length the signature carries; signing uses the maximum.
    case auto
    /// Exactly this many bytes.
    case bytes(Int)
}

/// A signature scheme with all of its parameters: the caller names it, the key never chooses it.
///
/// The algorithm must fit the key: ``ecdsa(_:encoding:)`` needs an EC key, ``ed25519`` an Ed25519 key, the RSA
/// cases an RSA key; anything else throws ``VouchCore/FindingCode/cryptoAlgorithmMismatch``. SHA-1 is refused for
/// every scheme. The MGF1 hash of RSASSA-PSS is the message digest.
public enum SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    case ecdsa(DigestAlgorithm, encoding: ECDSASignatureEncoding)
    case ed25519
    case rsaPKCS1v15(DigestAlgorithm)
    case rsaPSS(DigestAlgorithm, saltLength: PSSSaltLength)

    /// The message digest, or `nil` for Ed25519, which hashes internally.
    public var digestAlgorithm: DigestAlgorithm? {
        switch self {
        case .ecdsa(let digest, _), .rsaPKCS1v15(let digest), .rsaPSS(let digest, _): digest
        case .ed25519: nil
        }
    }

    public var description: String {
        switch self {
        case .ecdsa(let digest, let encoding): "ecdsa-\(digest.rawValue)\(encoding == .raw ? "-raw" : "")"
        case .ed25519: "ed25519"
        case .rsaPKCS1v15(let digest): "rsa-pkcs1v15-\(digest.rawValue)"
        case .rsaPSS(let digest, _): "rsa-pss-\(digest.rawValue)"
        }
    }

    /// Throws unless the algorithm may be used with a key of `kind`.
    func check(fits kind: KeyKind, input: String) throws(FindingError) {
        if digestAlgorithm == .sha1 {
            throw FindingError(
                .cryptoAlgorithmUnsupported, "SHA-1 signatures are not accepted", input: input,
                details: ["algorithm": description])
        }
        let fits: Bool
        switch (self, kind) {
        case (.ecdsa, .ecP256), (.ecdsa, .ecP384), (.ecdsa, .ecP521): fits = true
        case (.ed25519, .ed25519): fits = true
        case (.rsaPKCS1v15, .rsa), (.rsaPSS, .rsa): fits = true
        default: fits = false
        }
        guard fits else {
            throw FindingError(
                .cryptoAlgorithmMismatch, "the signature algorithm \(self) cannot be used with a \(kind) key",
                input: input, details: ["algorithm": description, "key": kind.description])
        }
        if case .rsaPSS(_, .bytes(let count)) = self, count < 0 {
            throw FindingError(
                .cryptoAlgorithmMismatch, "a PSS salt length cannot be negative", input: input,
                details: ["saltLength": String(count)])
        }
    }
}
