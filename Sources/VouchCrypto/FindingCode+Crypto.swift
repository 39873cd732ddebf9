import VouchCore

extension FindingCode {
    /// Key bytes are not a PEM or DER public key (SubjectPublicKeyInfo) or private key (PKCS#8, traditional EC).
    public static let cryptoKeyMalformed = FindingCode("crypto.key.malformed")
    /// The key is well formed but of a type, curve or size Vouch does not verify with.
    public static let cryptoKeyUnsupported = FindingCode("crypto.key.unsupported")
    /// An RSA key is shorter than 2048 bits.
    public static let cryptoKeyTooWeak = FindingCode("crypto.key.too-weak")
    /// A private key is encrypted; Vouch reads only unencrypted private keys.
    public static let cryptoKeyEncrypted = FindingCode("crypto.key.encrypted")
    /// A signature cannot be converted between encodings (raw r||s of the wrong length, DER not ECDSA-Sig-Value).
    public static let cryptoSignatureMalformed = FindingCode("crypto.signature.malformed")
    /// The signature algorithm does not fit the key, or a prehashed digest does not fit the algorithm.
    public static let cryptoAlgorithmMismatch = FindingCode("crypto.algorithm-mismatch")
    /// The signature algorithm is never accepted (SHA-1 signatures, prehashed Ed25519).
    public static let cryptoAlgorithmUnsupported = FindingCode("crypto.algorithm-unsupported")
    /// Certificate bytes are not a DER or PEM X.509 certificate, or one of its extensions cannot be decoded.
    public static let cryptoCertificateMalformed = FindingCode("crypto.certificate.malformed")
    /// A certificate in the chain had expired at the verification time.
    public static let cryptoChainExpired = FindingCode("crypto.chain.expired")
    /// A certificate in the chain was not yet valid at the verification time.
    public static let cryptoChainNotYetValid = FindingCode("crypto.chain.not-yet-valid")
    /// No path leads from the leaf to a trusted root.
    public static let cryptoChainUntrusted = FindingCode("crypto.chain.untrusted")
    /// The chain was built but is invalid for another reason (bad signature, not a CA, path length, ...).
    public static let cryptoChainInvalid = FindingCode("crypto.chain.invalid")
    /// The leaf certificate lacks the required extended key usage.
    public static let cryptoChainEKUMissing = FindingCode("crypto.chain.eku-missing")
    /// OpenSSL failed where it should not (allocation, internal error); always a failure.
    public static let cryptoOpenSSLFailure = FindingCode("crypto.openssl-failure")
}
