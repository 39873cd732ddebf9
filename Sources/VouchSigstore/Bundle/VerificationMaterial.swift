import VouchCore
import VouchCrypto
import VouchJSON

/// What the bundle offers to identify the signer (`verificationMaterial.content`, a oneof):
///
/// ```
/// content = { "publicKey": { "hint": string } }                                  ; managed key, given separately
///         / { "x509CertificateChain": { "certificates": [ { "rawBytes": bytes } ] } } ; v0.1 and v0.2
///         / { "certificate": { "rawBytes": bytes } }                              ; v0.3
/// ```
/// Only the leaf of a chain is used: the path to a trust anchor is built from the trusted root, never from the
/// bundle. A chain that contains a self-issued certificate is refused (`sigstore.bundle.chain-includes-root`).
public enum VerificationMaterial: Sendable, Hashable {
    /// A key identified only by an unauthenticated hint; the verifier is given the key.
    case publicKey(hint: String?)
    /// The single signing certificate (v0.3).
    case certificate(Certificate)
    /// Signing certificate first, then whatever else the signer added (v0.1, v0.2).
    case certificateChain([Certificate])

    /// The signing certificate, if the material is a certificate.
    public var leaf: Certificate? {
        switch self {
        case .publicKey: nil
        case .certificate(let certificate): certificate
        case .certificateChain(let chain): chain.first
        }
    }

    static func parse(
        _ material: JSONCursor, known: KnownCertificates = .none
    ) throws(FindingError) -> (VerificationMaterial, JSONCursor) {
        if let key = try ProtoJSON.field(material, "publicKey") {
            return (.publicKey(hint: try ProtoJSON.field(key, "hint")?.string()), key)
        }
        if let single = try ProtoJSON.field(material, "certificate") {
            let raw = try ProtoJSON.required(single, "rawBytes")
            return (.certificate(try certificate(raw, known: known)), single)
        }
        if let chain = try ProtoJSON.field(material, "x509CertificateChain") {
            let list = try ProtoJSON.required(chain, "certificates")
            var certificates: [Certificate] = []
            for item in try list.array() {
                certificates.append(try certificate(try ProtoJSON.required(item, "rawBytes"), known: known))
            }
            guard !certificates.isEmpty else {
                throw list.error(.sigstoreBundleMalformed, "the certificate chain is empty")
            }
            return (.certificateChain(certificates), chain)
        }
        throw material.error(
            .sigstoreBundleMalformed, "the verification material has no public key, certificate or chain")
    }

    private static func certificate(_ raw: JSONCursor, known: KnownCertificates) throws(FindingError) -> Certificate {
        let der = try ProtoJSON.bytes(raw, code: .sigstoreBundleBase64Invalid)
        if let certificate = known.certificate(der: der) { return certificate }
        return try ProtoJSON.located(raw) { () throws(FindingError) in try Certificate(der: der, input: raw.input) }
    }
}
