import Foundation
import VouchCore
import VouchCrypto

/// The identity a Fulcio certificate must carry (cosign's `--certificate-identity[-regexp]` and
/// `--certificate-oidc-issuer[-regexp]`, plus optional Fulcio extension constraints).
///
/// The subject alternative name is matched against every email, URI and otherName SAN; the issuer is taken from
/// extension 1.3.6.1.4.1.57264.1.8 (a DER UTF8String), falling back to the deprecated raw 1.3.6.1.4.1.57264.1.1.
public struct CertificateIdentity: Sendable {
    public var subjectAlternativeName: StringMatcher
    public var issuer: StringMatcher
    /// Extra Fulcio extension constraints by dotted OID (for example `1.3.6.1.4.1.57264.1.12` = source repository
    /// URI). Values of 1.3.6.1.4.1.57264.1.1 to .1.6 are raw UTF-8, later ones DER UTF8Strings.
    public var extensions: [String: StringMatcher]

    public init(subjectAlternativeName: StringMatcher, issuer: StringMatcher, extensions: [String: StringMatcher] = [:])
    {
        self.subjectAlternativeName = subjectAlternativeName
        self.issuer = issuer
        self.extensions = extensions
    }
}
