internal import CVouchShims.OpenSSL
import VouchCore

/// Applies a ``SignatureAlgorithm``'s padding parameters to an `EVP_PKEY_CTX`, for signing and verifying alike.
enum SignatureParameters {
    /// Sets RSA padding, PSS salt length and MGF1 hash; nothing for ECDSA and Ed25519. `false` when OpenSSL refuses.
    static func configure(_ context: OpaquePointer, for algorithm: SignatureAlgorithm) -> Bool {
        switch algorithm {
        case .ecdsa, .ed25519:
            return true
        case .rsaPKCS1v15:
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        case .rsaPSS(let digest, let saltLength):
            let salt: Int32
            switch saltLength {
            case .digestLength: salt = RSA_PSS_SALTLEN_DIGEST
            case .auto: salt = RSA_PSS_SALTLEN_AUTO
            case .bytes(let count): salt = Int32(clamping: count)
            }
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, salt) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(context, digest.evpMD) == 1
        }
    }
}
