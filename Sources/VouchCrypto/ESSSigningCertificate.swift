import VouchCore

/// What the ESS signing-certificate attribute says about a candidate signer.
public enum SigningCertificateBinding: Sendable, Hashable {
    /// The first certificate ID is the signer's hash.
    case matches
    /// The attribute names another certificate.
    case mismatch
    /// The token has neither signingCertificate nor signingCertificateV2.
    case missing
    /// The attribute cannot be decoded, or its hash algorithm is unknown.
    case malformed
}

/// RFC 2634 §5.4 `SigningCertificate` and RFC 5035 `SigningCertificateV2`:
///
/// ```
/// SigningCertificate   ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID            ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial IssuerSerial OPTIONAL }
/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
/// ESSCertIDv2          ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING,
///                                     issuerSerial IssuerSerial OPTIONAL }
/// ```
enum ESSSigningCertificate {
    static func binding(_ der: [UInt8], version: Int, signer: Certificate) -> SigningCertificateBinding {
        guard let outer = DER.single(der), outer.tag == DER.sequence,
            let fields = DERChildren.split(outer.value), let certs = fields.first, certs.tag == DER.sequence,
            let ids = DERChildren.split(certs.value), let first = ids.first, first.tag == DER.sequence,
            let parts = DERChildren.split(first.value), !parts.isEmpty
        else { return .malformed }
        var algorithm: DigestAlgorithm = version == 1 ? .sha1 : .sha256
        var index = 0
        if version == 2, parts[0].tag == DER.sequence {
            guard let identifier = DERChildren.split(parts[0].value), let oid = identifier.first,
                oid.tag == DER.objectIdentifier, let text = DER.objectIdentifierText(oid.value),
                let named = DigestAlgorithm(oid: text)
            else { return .malformed }
            algorithm = named
            index = 1
        }
        guard parts.count > index, parts[index].tag == DER.octetString else { return .malformed }
        return Array(parts[index].value) == Digest.of(signer.der, using: algorithm).bytes ? .matches : .mismatch
    }
}
