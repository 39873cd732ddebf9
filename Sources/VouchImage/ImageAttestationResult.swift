import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// How one attestation attached to an image fared: its predicate type, who signed it and each check's result.
public struct ImageAttestationResult: Sendable {
    /// Verified; verified but of another predicate type than requested; unsigned but accepted by the policy; failed.
    public enum Status: String, Sendable, Hashable {
        case verified
        case notRequested = "not-requested"
        case unsignedAccepted = "unsigned-accepted"
        case failed
    }

    /// One check and its outcome: `passed`, `failed (codes)` or `not reached`.
    public struct Check: Sendable, Hashable {
        public let name: String
        public let outcome: String
    }

    /// Where it was found: `tag sha256-….att, layer 0`, `referrer sha256:…`, `BuildKit attestation manifest …`.
    public let origin: String
    /// `cosign attestation (DSSE layer)`, `cosign v3 (Sigstore bundle)`, `BuildKit in-toto statement (unsigned)`.
    public let format: String
    public let status: Status
    /// The statement's predicate type, read from verified bytes (or from an unsigned statement).
    public let predicateType: String?
    /// Who signed: certificate identities and issuer, a key id, or `unsigned`.
    public let signer: String?
    public let checks: [Check]
    /// Why it failed (errors), or notes.
    public let findings: [Finding]
    /// The statement and parsed predicate, when the statement checks passed.
    public let attestation: VerifiedAttestation?
    /// The statement's bytes, when they were verified (or accepted unsigned): for `--print-statement`.
    public let statement: [UInt8]?

    /// Whether it counts towards the verdict: of the requested type, and verified or accepted unsigned.
    public var satisfies: Bool { status == .verified || status == .unsignedAccepted }

    /// Which check a finding code belongs to.
    static func checkName(of code: FindingCode) -> String {
        switch code {
        case .statementMalformed, .statementTooManySubjects, .dssePayloadTypeUnsupported: "statement"
        case .statementSubjectMismatch, .sigstoreDSSESubjectMismatch: "subject"
        case .predicateTypeMismatch, .predicateMalformed: "predicate type"
        case .provenanceBuilderMismatch, .provenanceSourceMismatch, .provenanceTagMismatch,
            .provenanceBranchMismatch, .provenanceFieldMissing:
            "provenance"
        case .sbomImageMismatch, .sbomImageUnrecorded: "sbom"
        case .imageAttestationUnsigned: "signature"
        default: "signature"
        }
    }

    /// The checks in the order they run, each passed, failed with the codes of its error findings, or not reached.
    static func checks(_ findings: [Finding], reached: Set<String>) -> [Check] {
        let order = ["signature", "statement", "subject", "predicate type", "provenance", "sbom"]
        return order.compactMap { name in
            let codes = findings.filter { $0.severity == .error && checkName(of: $0.code) == name }.map(\.code)
            if !codes.isEmpty {
                return Check(name: name, outcome: "failed (\(codes.map(\.description).joined(separator: ", ")))")
            }
            guard reached.contains(name) else { return nil }
            return Check(name: name, outcome: "passed")
        }
    }

    /// How a signer is named.
    static func describe(_ signer: VerifiedBundle.Signer?) -> String? {
        switch signer {
        case .certificate(let certificate):
            let names = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
            return "\(names) (issuer \(certificate.issuer ?? "none"))"
        case .publicKey(let keyID): return "key \(keyID)"
        case nil: return nil
        }
    }

    /// How the certificate of a private PKI (`--ca-roots`) is named.
    static func describe(privateCertificate certificate: Certificate) -> String {
        let names = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
        return "\(names) (certificate of the private PKI, \(certificate.issuer))"
    }

    /// The structured form for `--format json`.
    public var json: JSONNode {
        var object: JSONObject = [
            "origin": .init(.string(origin)), "format": .init(.string(format)),
            "status": .init(.string(status.rawValue)),
            "checks": .init(
                .object(JSONObject(checks.map { JSONMember(key: $0.name, value: .init(.string($0.outcome))) }))),
            "findings": .init(.array(findings.map { .init(.string("\($0.code)")) })),
        ]
        if let predicateType { object["predicateType"] = .init(.string(predicateType)) }
        if let signer { object["signer"] = .init(.string(signer)) }
        if let provenance = attestation?.provenance {
            object["builderID"] = .init(.string(provenance.builderID))
            if let source = provenance.sourceURI { object["sourceURI"] = .init(.string(source)) }
            if let ref = provenance.sourceRef { object["sourceRef"] = .init(.string(ref)) }
        }
        return .init(.object(object))
    }
}
