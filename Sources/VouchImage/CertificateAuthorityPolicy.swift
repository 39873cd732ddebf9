import VouchCore
import VouchCrypto
import VouchSigstore

/// Signatures by certificates of a private PKI rather than Fulcio (cosign's `--ca-roots` and `--ca-intermediates`,
/// containers/image's `pki` trust): the signing certificate of a legacy signature must chain to one of ``roots``
/// (through ``intermediates`` and the intermediates of its chain annotation) and carry the identity.
///
/// This is X.509 as cosign does it for such certificates, not Sigstore: there is no CT log, so no SCT is required;
/// the certificate is judged at the signature's RFC 3161 times when it has any, else at the verification time; the
/// code-signing extended key usage is required only when the certificate lists extended key usages at all (Go's
/// rule); the identity is matched against email, URI, DNS, IP and otherName SANs, and an absent OIDC issuer is
/// the empty string (cosign's rule: `--certificate-oidc-issuer-regexp '.*'` accepts it). The signature itself and
/// any timestamps are judged by ``SigstoreVerifier`` with the certificate's key; a transparency log entry of such a
/// signature records the certificate, which a key check cannot bind, so log entries need `--insecure-ignore-tlog`.
public struct CertificateAuthorityPolicy: Sendable {
    public var roots: [Certificate]
    public var intermediates: [Certificate]
    public var identity: CertificateIdentity

    public init(roots: [Certificate], intermediates: [Certificate] = [], identity: CertificateIdentity) {
        self.roots = roots
        self.intermediates = intermediates
        self.identity = identity
    }
}
