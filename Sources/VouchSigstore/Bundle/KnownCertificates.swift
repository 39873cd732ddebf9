import VouchCrypto

/// Certificates already parsed, found again by their exact DER bytes.
///
/// A v0.1 or v0.2 bundle's chain usually repeats the trusted root's Fulcio intermediate (and sometimes more); with
/// the trusted root's certificates known, such a copy costs a dictionary lookup instead of a parse, which in
/// OpenSSL 3.0 means setting up a key decoder for every certificate read. Only byte-identical certificates are
/// shared, and a certificate's place in the bundle decides what it is used for, never its presence here: this is a
/// parse cache, not a source of trust.
public struct KnownCertificates: Sendable {
    private let byDER: [[UInt8]: Certificate]

    public init(_ certificates: some Sequence<Certificate>) {
        var byDER: [[UInt8]: Certificate] = [:]
        for certificate in certificates { byDER[certificate.der] = certificate }
        self.byDER = byDER
    }

    /// Nothing known: every certificate is parsed.
    public static let none = KnownCertificates([])

    /// The certificate with exactly these DER bytes, if known.
    func certificate(der: [UInt8]) -> Certificate? { byDER.isEmpty ? nil : byDER[der] }
}

extension TrustedRoot {
    /// Every certificate of the root's certificate and timestamp authorities, for ``UnverifiedBundle/parse(_:input:limits:known:)``.
    public var knownCertificates: KnownCertificates {
        KnownCertificates(certificateAuthorities.flatMap(\.certificates) + timestampAuthorities.flatMap(\.certificates))
    }
}
