import VouchCore
import VouchJSON

/// The SBOM carried by an SPDX or CycloneDX attestation, and what it says about the image it describes.
///
/// The document itself is validated by the SBOM validator; here Vouch extracts it and cross-checks the one thing an
/// attestation verifier must: that the SBOM describes the attested image. Generators record the image digest in
/// different places — Syft writes it as the root package's `versionInfo` or `pkg:oci/…@sha256%3A…` purl (SPDX) and as
/// `metadata.component.version` or its purl (CycloneDX).
public struct SBOMPredicate: Sendable {
    public enum Format: String, Sendable, Hashable {
        case spdxJSON = "spdx-json"
        /// cosign's legacy `--type spdx` with a tag-value document as a JSON string predicate.
        case spdxTagValue = "spdx-tag-value"
        case cycloneDXJSON = "cyclonedx-json"
    }

    public let format: Format
    /// The SBOM as JSON (absent for tag-value).
    public let document: JSONCursor?
    /// The tag-value text (only for ``Format/spdxTagValue``).
    public let text: String?
    /// Image digests the SBOM names for what it describes.
    public let describedDigests: [Digest]

    /// Reads the SBOM from a statement with an SPDX or CycloneDX predicate type.
    public init(_ statement: InTotoStatement) throws(FindingError) {
        let input = statement.document.input
        guard let predicate = statement.predicate else {
            throw FindingError(.predicateMalformed, "the SBOM attestation has no predicate", input: input)
        }
        let isSPDX = try PredicateTypeMatcher("spdx").matches(statement.predicateType)
        let isCycloneDX = try PredicateTypeMatcher("cyclonedx").matches(statement.predicateType)
        guard isSPDX || isCycloneDX else {
            throw FindingError(
                .predicateTypeMismatch, "predicate type '\(statement.predicateType)' is not an SBOM",
                input: input, pointer: ["predicateType"])
        }
        if case .string(let text) = predicate.value {
            guard isSPDX else {
                throw predicate.error(.predicateMalformed, "a CycloneDX predicate must be a JSON object")
            }
            format = .spdxTagValue
            document = nil
            self.text = text
            describedDigests = Self.digests(inText: text)
            return
        }
        guard case .object = predicate.value else {
            throw predicate.error(.predicateMalformed, "the SBOM predicate must be a JSON object or, for SPDX, a string")
        }
        format = isSPDX ? .spdxJSON : .cycloneDXJSON
        document = predicate
        text = nil
        describedDigests = isSPDX ? Self.spdxDescribed(predicate) : Self.cycloneDXDescribed(predicate)
    }

    /// A finding when the SBOM names image digests and none is the attested image's, else `nil`.
    ///
    /// An SBOM that names no digest cannot be cross-checked; that is a note (info), not a failure, because many
    /// generators do not record one.
    public func describedImageCheck(_ image: Digest, input: String) -> Finding? {
        if describedDigests.isEmpty {
            return Finding(
                .sbomImageUnrecorded, severity: .info,
                "the SBOM does not record the digest of the image it describes", input: input, pointer: ["predicate"])
        }
        guard !describedDigests.contains(image) else { return nil }
        return Finding(
            .sbomImageMismatch, "the SBOM describes a different image than the one it is attached to",
            input: input, pointer: ["predicate"],
            details: ["expected": image.description, "actual": describedDigests.map(\.description).joined(separator: ", ")])
    }

    /// SPDX 2.x: the packages the document DESCRIBES (`documentDescribes`, or DESCRIBES relationships), falling back
    /// to packages whose purpose is CONTAINER.
    static func spdxDescribed(_ document: JSONCursor) -> [Digest] {
        let packages = (try? document.optional("packages")?.array()) ?? []
        var described = Set(((try? document.optional("documentDescribes")?.array()) ?? []).compactMap { try? $0.string() })
        for relationship in (try? document.optional("relationships")?.array()) ?? [] {
            if (try? relationship["relationshipType"]?.string()) == "DESCRIBES",
                let target = try? relationship["relatedSpdxElement"]?.string()
            {
                described.insert(target)
            }
        }
        var roots = packages.filter { described.contains((try? $0["SPDXID"]?.string()) ?? "") }
        if roots.isEmpty {
            roots = packages.filter { (try? $0["primaryPackagePurpose"]?.string()) == "CONTAINER" }
        }
        var texts: [String] = []
        for package in roots {
            if let version = try? package["versionInfo"]?.string() { texts.append(version) }
            for reference in (try? package.optional("externalRefs")?.array()) ?? [] {
                if let locator = try? reference["referenceLocator"]?.string() { texts.append(locator) }
            }
        }
        return unique(texts.flatMap(digests(inText:)))
    }

    /// CycloneDX: `metadata.component` — its `version`, `purl`, `bom-ref` and SHA-256 `hashes`.
    static func cycloneDXDescribed(_ document: JSONCursor) -> [Digest] {
        guard let component = document["metadata"]?["component"] else { return [] }
        var texts = ["version", "purl", "bom-ref"].compactMap { try? component[$0]?.string() }
        for hash in (try? component.optional("hashes")?.array()) ?? [] {
            if (try? hash["alg"]?.string()) == "SHA-256", let content = try? hash["content"]?.string() {
                texts.append("sha256:" + content.lowercased())
            }
        }
        return unique(texts.flatMap(digests(inText:)))
    }

    /// Every `sha256:<64 hex>` (also URL-encoded as `sha256%3A`) in a text.
    static func digests(inText text: String) -> [Digest] {
        let normalized = text.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%3a", with: ":")
        var found: [Digest] = []
        var rest = Substring(normalized)
        while let range = rest.range(of: "sha256:") {
            let hex = rest[range.upperBound...].prefix(64)
            if hex.count == 64, let digest = try? Digest(parsing: "sha256:" + hex.lowercased()) {
                found.append(digest)
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    private static func unique(_ digests: [Digest]) -> [Digest] {
        var seen = Set<Digest>()
        return digests.filter { seen.insert($0).inserted }
    }
}
