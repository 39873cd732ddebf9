import VouchCore

/// What the gate requires of SLSA provenance, in the spirit of slsa-verifier's flags.
///
/// - `builderID`: `NAME` (any version), `NAME@refs/tags/vX` or the short `NAME@vX` (both mean the tag).
/// - `sourceURI`: the repository, compared after normalization (`github.com/o/r`, `https://github.com/o/r`,
///   `git+https://github.com/o/r@ref` are the same repository; anything else, even one character, is not).
/// - `sourceTag`: the build ran on `refs/tags/<tag>`.
/// - `sourceBranch`: the build ran on `refs/heads/<branch>`, or on a tag pushed from that branch (GitHub's `base_ref`).
public struct ProvenancePolicy: Sendable, Hashable {
    public var builderID: String?
    public var sourceURI: String?
    public var sourceTag: String?
    public var sourceBranch: String?

    public init(builderID: String? = nil, sourceURI: String? = nil, sourceTag: String? = nil, sourceBranch: String? = nil) {
        self.builderID = builderID
        self.sourceURI = sourceURI
        self.sourceTag = sourceTag
        self.sourceBranch = sourceBranch
    }

    /// Every requirement the provenance does not meet; empty when it meets them all.
    public func check(_ provenance: SLSAProvenance) -> [Finding] {
        var findings: [Finding] = []
        let location = provenance.location
        func finding(_ code: FindingCode, _ message: String, expected: String, actual: String?) -> Finding {
            Finding(code, message, at: location, details: ["expected": expected, "actual": actual ?? "(not recorded)"])
        }
        if let builderID, !Self.builder(provenance.builderID, matches: builderID) {
            findings.append(finding(
                .provenanceBuilderMismatch, "the provenance was made by a different builder",
                expected: builderID, actual: provenance.builderID))
        }
        if let sourceURI {
            if let recorded = provenance.sourceURI {
                if SLSAProvenance.normalizedRepository(recorded) != SLSAProvenance.normalizedRepository(sourceURI) {
                    findings.append(finding(
                        .provenanceSourceMismatch, "the provenance names a different source repository",
                        expected: sourceURI, actual: recorded))
                }
            } else {
                findings.append(finding(
                    .provenanceFieldMissing, "the provenance records no source repository", expected: sourceURI, actual: nil))
            }
        }
        if let sourceTag {
            let expected = sourceTag.hasPrefix("refs/tags/") ? sourceTag : "refs/tags/" + sourceTag
            if provenance.sourceRef != expected {
                findings.append(finding(
                    provenance.sourceRef == nil ? .provenanceFieldMissing : .provenanceTagMismatch,
                    "the build did not run on the required tag", expected: expected, actual: provenance.sourceRef))
            }
        }
        if let sourceBranch {
            let expected = sourceBranch.hasPrefix("refs/heads/") ? sourceBranch : "refs/heads/" + sourceBranch
            let branch: String? =
                if let ref = provenance.sourceRef, ref.hasPrefix("refs/heads/") {
                    ref
                } else if provenance.sourceRef?.hasPrefix("refs/tags/") == true {
                    provenance.baseRef
                } else {
                    nil
                }
            if branch != expected {
                findings.append(finding(
                    branch == nil ? .provenanceFieldMissing : .provenanceBranchMismatch,
                    "the build did not run on the required branch", expected: expected, actual: branch))
            }
        }
        return findings
    }

    /// `NAME[@VERSION]` against the recorded id: names equal, and versions equal when one is asked for
    /// (`vX` and `refs/tags/vX` are the same).
    static func builder(_ recorded: String, matches expected: String) -> Bool {
        func split(_ id: String) -> (String, String?) {
            guard let at = id.lastIndex(of: "@") else { return (id, nil) }
            return (String(id[..<at]), String(id[id.index(after: at)...]))
        }
        func normalized(_ version: String) -> String {
            version.hasPrefix("refs/") ? version : "refs/tags/" + version
        }
        let (recordedName, recordedVersion) = split(recorded)
        let (expectedName, expectedVersion) = split(expected)
        guard recordedName == expectedName else { return false }
        guard let expectedVersion else { return true }
        guard let recordedVersion else { return false }
        return normalized(recordedVersion) == normalized(expectedVersion)
    }
}
