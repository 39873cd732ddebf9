import VouchCore
import VouchCrypto
import VouchJSON

/// Checks a Fulcio certificate against the expected identity (client spec §4.3):
///
/// - a subject alternative name (email, URI or otherName) matches the expected identity;
/// - the OIDC issuer — extension 1.3.6.1.4.1.57264.1.8 (DER UTF8String), else the deprecated 1.3.6.1.4.1.57264.1.1
///   (raw UTF-8) — matches the expected issuer;
/// - each extra extension constraint holds.
///
/// Mismatches report what was expected and what the certificate says.
enum IdentityCheck {
    static let issuerOID = "1.3.6.1.4.1.57264.1.8"
    static let legacyIssuerOID = "1.3.6.1.4.1.57264.1.1"

    static func check(_ leaf: Certificate, identity: CertificateIdentity, location: JSONCursor) -> [Finding] {
        var findings: [Finding] = []
        let names = identities(of: leaf)
        if !names.contains(where: identity.subjectAlternativeName.matches) {
            findings.append(
                location.finding(
                    .sigstoreIdentitySANMismatch, "the certificate's identity is not the expected one",
                    details: [
                        "expected": identity.subjectAlternativeName.description,
                        "actual": names.isEmpty ? "(no email, URI or otherName SAN)" : names.joined(separator: ", "),
                    ]))
        }
        let issuer = issuer(of: leaf)
        if issuer.map(identity.issuer.matches) != true {
            findings.append(
                location.finding(
                    .sigstoreIdentityIssuerMismatch, "the certificate's OIDC issuer is not the expected one",
                    details: ["expected": identity.issuer.description, "actual": issuer ?? "(absent)"]))
        }
        for (what, matcher) in [("identity", identity.subjectAlternativeName), ("issuer", identity.issuer)]
        where matcher.isUnanchoredExpression {
            findings.append(
                location.finding(
                    .sigstoreIdentityUnanchored,
                    "the \(what) expression is not anchored, so it also matches values that merely contain a match",
                    severity: .warning, details: ["pattern": matcher.description]))
        }
        for (oid, matcher) in identity.extensions.sorted(by: { $0.key < $1.key }) {
            let value = extensionValue(leaf, oid: oid)
            if value.map(matcher.matches) != true {
                findings.append(
                    location.finding(
                        .sigstoreIdentityExtensionMismatch, "certificate extension \(oid) is not the expected value",
                        details: ["oid": oid, "expected": matcher.description, "actual": value ?? "(absent)"]))
            }
        }
        return findings
    }

    /// The SAN values identities are matched against: emails, URIs and otherName texts.
    static func identities(of leaf: Certificate) -> [String] {
        leaf.subjectAlternativeNames.compactMap { name in
            switch name {
            case .email(let value), .uri(let value): value
            case .otherName(_, let value): value
            case .dns, .ip: nil
            }
        }
    }

    /// The OIDC issuer: extension .1.8, falling back to .1.1.
    static func issuer(of leaf: Certificate) -> String? {
        leaf.extensionUTF8String(oid: issuerOID) ?? leaf.extensionRawString(oid: legacyIssuerOID)
    }

    /// A Fulcio extension's text: raw UTF-8 for 1.3.6.1.4.1.57264.1.1 to .1.6, a DER UTF8String otherwise.
    static func extensionValue(_ leaf: Certificate, oid: String) -> String? {
        let legacy = (1...6).map { "1.3.6.1.4.1.57264.1.\($0)" }
        return legacy.contains(oid) ? leaf.extensionRawString(oid: oid) : leaf.extensionUTF8String(oid: oid)
    }
}
