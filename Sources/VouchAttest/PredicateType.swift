import VouchCore

/// What `--type` asks for: a predicate type URI, or one of cosign's short names.
///
/// | name | matches |
/// |---|---|
/// | `slsaprovenance` | SLSA provenance v0.2 **and** v1 (cosign's name means v0.2 only; Vouch accepts both and reports which) |
/// | `slsaprovenance02` | `https://slsa.dev/provenance/v0.2` |
/// | `slsaprovenance1` | `https://slsa.dev/provenance/v1` |
/// | `vsa` | `https://slsa.dev/verification_summary/v1` (and v0.2) |
/// | `spdx`, `spdxjson` | `https://spdx.dev/Document` and its versioned forms (`…/Document/v2.3`) |
/// | `cyclonedx` | `https://cyclonedx.org/bom` and its versioned forms (`…/bom/v1.5`) |
/// | `link` | `https://in-toto.io/Link/v1` |
/// | `vuln` | `https://cosign.sigstore.dev/attestation/vuln/v1` |
/// | `openvex` | `https://openvex.dev/ns` and its versioned forms |
/// | `custom` | `https://cosign.sigstore.dev/attestation/v1` |
/// | `cosign-sign` | `https://sigstore.dev/cosign/sign/v1` (cosign v3 image signatures) |
/// | a URI | exactly that URI |
public struct PredicateTypeMatcher: Sendable, Hashable, CustomStringConvertible {
    /// URIs matched exactly.
    public let exact: Set<String>
    /// URI prefixes matched when followed by `/` and a version (for families such as SPDX and CycloneDX).
    public let families: Set<String>
    public let description: String

    public static let slsaProvenanceV02 = "https://slsa.dev/provenance/v0.2"
    public static let slsaProvenanceV1 = "https://slsa.dev/provenance/v1"
    public static let vsaV1 = "https://slsa.dev/verification_summary/v1"
    public static let spdx = "https://spdx.dev/Document"
    public static let cycloneDX = "https://cyclonedx.org/bom"
    public static let cosignSign = "https://sigstore.dev/cosign/sign/v1"

    /// Parses a `--type` value; an unknown short name is refused rather than taken as a URI.
    public init(_ text: String) throws(FindingError) {
        description = text
        switch text {
        case "slsaprovenance": exact = [Self.slsaProvenanceV02, Self.slsaProvenanceV1]; families = []
        case "slsaprovenance02": exact = [Self.slsaProvenanceV02]; families = []
        case "slsaprovenance1": exact = [Self.slsaProvenanceV1]; families = []
        case "vsa": exact = [Self.vsaV1, "https://slsa.dev/verification_summary/v0.2"]; families = []
        case "spdx", "spdxjson": exact = [Self.spdx]; families = [Self.spdx]
        case "cyclonedx": exact = [Self.cycloneDX]; families = [Self.cycloneDX]
        case "link": exact = ["https://in-toto.io/Link/v1"]; families = []
        case "vuln": exact = ["https://cosign.sigstore.dev/attestation/vuln/v1"]; families = []
        case "openvex": exact = ["https://openvex.dev/ns"]; families = ["https://openvex.dev/ns"]
        case "custom": exact = ["https://cosign.sigstore.dev/attestation/v1"]; families = []
        case "cosign-sign": exact = [Self.cosignSign]; families = []
        default:
            guard text.contains("://") || text.hasPrefix("urn:") else {
                throw FindingError(
                    .predicateTypeMismatch, "'\(text)' is neither a predicate type URI nor a known short name",
                    input: "--type")
            }
            exact = [text]
            families = []
        }
    }

    /// Whether a statement's predicate type is what was asked for.
    public func matches(_ predicateType: String) -> Bool {
        if exact.contains(predicateType) { return true }
        for family in families where predicateType.hasPrefix(family + "/") {
            let version = predicateType.dropFirst(family.count + 1)
            if !version.isEmpty && !version.contains("/") { return true }
        }
        return false
    }
}
