import VouchCrypto
import VouchSigstore

/// Who must have signed an image: one of several keys (any one suffices), or a keyless identity checked against a
/// trusted root.
public enum ImageSignaturePolicy: Sendable {
    /// PEM public keys (ECDSA P-256/P-384/P-521, RSA, Ed25519); a signature verified by any one of them matches.
    case keys([PublicKey])
    /// A Fulcio certificate identity (subject alternative name and OIDC issuer, exact or regular expressions).
    case identity(CertificateIdentity)
    /// A certificate of a private PKI with an identity (`--ca-roots`, `--ca-intermediates`).
    case certificateAuthority(CertificateAuthorityPolicy)

    /// The Sigstore policies to try, one per key; a private PKI's is the signing certificate's key.
    func verificationPolicies(signingCertificate: Certificate?) -> [VerificationPolicy] {
        switch self {
        case .keys(let keys): keys.map { .publicKey($0) }
        case .identity(let identity): [.identity(identity)]
        case .certificateAuthority(let authority):
            (try? signingCertificate?.publicKey).flatMap { $0 }.map { [.publicKey($0)] } ?? [
                .identity(authority.identity)
            ]
        }
    }
}
