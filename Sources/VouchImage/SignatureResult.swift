import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// How one attached signature fared, with the reasons.
public struct SignatureResult: Sendable {
    /// Verified; intact but not the required signer, reference or annotations; or broken.
    public enum Status: String, Sendable, Hashable {
        case verified
        case notMatching = "not-matching"
        case invalid
    }

    public let kind: AttachedSignature.Kind
    /// Where it was found: `tag sha256-….sig, layer 0`, `referrer sha256:…`, `signature-1`.
    public let origin: String
    public let location: SourceLocation
    /// `cosign (simple signing)`, `cosign attestation (DSSE layer)` or `cosign v3 (Sigstore bundle)`.
    public let format: String
    public let status: Status
    /// Why it failed (errors), or notes when it verified.
    public let findings: [Finding]
    /// The Sigstore evidence, when it verified.
    public let verified: VerifiedBundle?
    /// The key that verified it, for key policies.
    public let matchedKey: PublicKey?
    /// The signed `docker-reference` (legacy) or subject name (v3), as signed.
    public let signedReference: String?
    /// The signed annotations (`optional`, or the v3 subject's `annotations`).
    public let signedAnnotations: [String: String]
    /// A private PKI's signing certificate, when that policy judged it.
    public var privateCertificate: Certificate? = nil
    /// An attestation's DSSE envelope, as the verifier checked it (read only once the status is verified).
    public var envelope: DSSEEnvelope? = nil

    /// The finding codes that mean "intact, but not what the policy asks for" rather than "broken".
    public static let mismatchCodes: Set<FindingCode> = [
        .sigstoreIdentitySANMismatch, .sigstoreIdentityIssuerMismatch, .sigstoreIdentityExtensionMismatch,
        .sigstorePolicyMaterialMismatch, .imageSignatureKeyMismatch, .imagePayloadReferenceMismatch,
        .imagePayloadAnnotationMismatch,
    ]

    /// The status `findings` call for.
    static func status(of findings: [Finding]) -> Status {
        let errors = findings.filter { $0.severity == .error }
        if errors.isEmpty { return .verified }
        return errors.allSatisfy { mismatchCodes.contains($0.code) } ? .notMatching : .invalid
    }

    /// One line for text reports: why it passed or failed.
    public var summary: String {
        switch status {
        case .verified:
            var text = "verified"
            if let certificate = privateCertificate {
                let names = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
                text += " by \(names) (certificate of the private PKI, \(certificate.issuer))"
            } else if let matchedKey {
                text += " with key \(matchedKey.keyID)"
            }
            if case .certificate(let certificate)? = verified?.signer {
                let names = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
                text += " by \(names) (issuer \(certificate.issuer ?? "none"))"
            }
            if let entry = verified?.logEntries.first {
                text += ", logged in \(entry.logURL) at index \(entry.logIndex)"
            } else if let time = verified?.verifiedTimes.first {
                text += ", timestamped \(time.time)"
            }
            return text
        case .notMatching, .invalid:
            let errors = findings.filter { $0.severity == .error }
            return "\(status.rawValue): " + errors.map { "\($0.code) (\($0.message))" }.joined(separator: "; ")
        }
    }

    /// The structured form for `--format json`.
    public var json: JSONNode {
        var object: JSONObject = [
            "kind": .init(.string(kind.rawValue)), "origin": .init(.string(origin)),
            "location": .init(.string(location.description)), "format": .init(.string(format)),
            "status": .init(.string(status.rawValue)),
            "findings": .init(.array(findings.map { .init(.string("\($0.code)")) })),
        ]
        if let verified { object["sigstore"] = verified.json }
        if let matchedKey { object["key"] = .init(.string(matchedKey.keyID.description)) }
        if let privateCertificate {
            object["privateCertificate"] = [
                "subjectAlternativeNames": .init(
                    .array(privateCertificate.subjectAlternativeNames.map { .init(.string($0.description)) })),
                "issuer": .init(.string(privateCertificate.issuer)),
                "sha256": .init(.string(privateCertificate.fingerprint(.sha256).hex)),
            ]
        }
        if let signedReference { object["signedReference"] = .init(.string(signedReference)) }
        if !signedAnnotations.isEmpty {
            object["signedAnnotations"] = .init(
                .object(
                    JSONObject(
                        signedAnnotations.sorted { $0.key < $1.key }.map {
                            JSONMember(key: $0.key, value: .init(.string($0.value)))
                        })))
        }
        return .init(.object(object))
    }
}
