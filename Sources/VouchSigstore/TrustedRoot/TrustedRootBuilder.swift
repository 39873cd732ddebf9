import VouchCore
import VouchCrypto

/// Builds a trusted root from loose keys and certificate chains, for private Sigstore deployments and for roots
/// handed out as PEM files (what `cosign trusted-root create` does).
///
/// Log IDs follow the logs' conventions: SHA-256 of the SubjectPublicKeyInfo for Rekor v1 and CT logs (ECDSA and
/// RSA keys), and the C2SP checkpoint key ID for Ed25519 (Rekor v2) logs, which is why a log's URL is required: its
/// scheme-less form is the name the log signs checkpoints under.
public struct TrustedRootBuilder: Sendable {
    public var transparencyLogs: [TransparencyLogInstance] = []
    public var certificateAuthorities: [CertificateAuthority] = []
    public var ctLogs: [TransparencyLogInstance] = []
    public var timestampAuthorities: [CertificateAuthority] = []

    public init() {}

    /// A log entry for `key`, valid over `validFor`.
    public static func log(key: PublicKey, url: String, validFor: ValidityPeriod) -> TransparencyLogInstance {
        let details: String
        switch key.kind {
        case .ecP256: details = "PKIX_ECDSA_P256_SHA_256"
        case .ecP384: details = "PKIX_ECDSA_P384_SHA_384"
        case .ecP521: details = "PKIX_ECDSA_P521_SHA_512"
        case .ed25519: details = "PKIX_ED25519"
        case .rsa(let bits): details = "PKIX_RSA_PKCS1V15_\(bits)_SHA256"
        }
        var instance = TransparencyLogInstance(
            baseURL: url, rawKey: key.spkiDER, keyDetails: details, publicKey: key, validFor: validFor,
            logID: key.keyID.bytes)
        if key.kind == .ed25519 {
            let name = instance.keyName
            let id = Digest.of(Array(name.utf8) + [0x0A, 0x01] + key.spkiDER.suffix(32), using: .sha256).bytes
            instance = TransparencyLogInstance(
                baseURL: url, rawKey: key.spkiDER, keyDetails: details, publicKey: key, validFor: validFor, logID: id)
        }
        return instance
    }

    /// An authority for a chain (issuing certificate first, trust anchor last), named after the first
    /// certificate's subject.
    public static func authority(chain: [Certificate], uri: String, validFor: ValidityPeriod) -> CertificateAuthority {
        let subject = chain.first?.subject ?? ""
        func attribute(_ name: String) -> String {
            for part in subject.split(separator: ",") where part.hasPrefix("\(name)=") {
                return String(part.dropFirst(name.count + 1))
            }
            return ""
        }
        return CertificateAuthority(
            organization: attribute("O"), commonName: attribute("CN"), uri: uri, certificates: chain,
            validFor: validFor)
    }

    public func build() -> TrustedRoot {
        TrustedRoot(
            transparencyLogs: transparencyLogs, certificateAuthorities: certificateAuthorities, ctLogs: ctLogs,
            timestampAuthorities: timestampAuthorities)
    }
}
