import VouchCore
import VouchCrypto

/// A certificate authority (Fulcio) or timestamp authority the trusted root vouches for (protobuf-specs
/// `CertificateAuthority`):
///
/// ```
/// CertificateAuthority = { "subject": { "organization": string, "commonName": string }, "uri": string,
///                          "certChain": { "certificates": [ { "rawBytes": bytes } ] },
///                          "validFor": TimeRange?, "operator": string? }
/// ```
/// The chain runs leaf first; the **last** certificate is the trust anchor. For a CA the first certificate issues
/// signing certificates; for a TSA it is the TSA's own signing certificate when it is not a CA.
public struct CertificateAuthority: Sendable, Hashable {
    public let organization: String
    public let commonName: String
    public let uri: String
    /// Never empty; leaf first, trust anchor last.
    public let certificates: [Certificate]
    public let validFor: ValidityPeriod
    public let operatorName: String?

    public init(
        organization: String, commonName: String, uri: String, certificates: [Certificate],
        validFor: ValidityPeriod, operatorName: String? = nil
    ) {
        self.organization = organization
        self.commonName = commonName
        self.uri = uri
        self.certificates = certificates
        self.validFor = validFor
        self.operatorName = operatorName
    }

    /// The trust anchor (the last certificate).
    public var anchor: Certificate { certificates[certificates.count - 1] }

    /// How findings and reports name the authority: its URI, or its subject when there is none.
    public var name: String {
        if !uri.isEmpty { return uri }
        return [organization, commonName].filter { !$0.isEmpty }.joined(separator: "/")
    }
}
