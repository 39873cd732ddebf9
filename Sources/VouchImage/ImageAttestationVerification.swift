import VouchCore
import VouchJSON
import VouchOCI

/// The result of verifying an image's attestations: the verdict and every attestation found with its checks.
public struct ImageAttestationVerification: Sendable {
    /// Whether an attestation of the requested type verified.
    public enum Verdict: String, Sendable, Hashable {
        /// At least one attestation of the requested type passed every check.
        case verified
        /// No attestation is attached.
        case none = "unattested"
        /// Attestations are attached; none of the requested type verified.
        case notVerified = "not-verified"
        /// Nothing verified and the attachments could not all be read.
        case unknown
        /// The image's content contradicts its digests (a blob, child manifest or the manifest itself): nothing
        /// attached to it counts.
        case invalid
    }

    public let target: String
    /// The manifest the attestations are about (the platform manifest with `--platform`).
    public let digest: Digest
    public let index: Digest?
    public let platform: Platform?
    /// The predicate type asked for, as given.
    public let requestedType: String
    public let verdict: Verdict
    public let attestations: [ImageAttestationResult]
    /// Whether unsigned BuildKit attestations were accepted.
    public let allowUnsignedBuildKit: Bool
    /// Whether the image's blobs and child manifests were checked against their digests.
    public let contentChecked: Bool
    /// The unsafe switches that were on.
    public let unsafe: [String]
    public let findings: [Finding]

    /// The structured form for `--format json`.
    public var json: JSONNode {
        var unsafe = self.unsafe
        if allowUnsignedBuildKit { unsafe.append("allow-unsigned-buildkit") }
        var object: JSONObject = [
            "target": .init(.string(target)), "digest": .init(.string(digest.description)),
            "type": .init(.string(requestedType)), "verdict": .init(.string(verdict.rawValue)),
            "attestations": .init(.array(attestations.map(\.json))),
            "unsafe": .init(.array(unsafe.map { .init(.string($0)) })),
            "contentChecked": .init(.bool(contentChecked)),
        ]
        if let index { object["index"] = .init(.string(index.description)) }
        if let platform { object["platform"] = .init(.string(platform.description)) }
        return .init(.object(object))
    }

    /// The text answer: the verdict, then each attestation with its predicate type, signer and checks.
    public var lines: [String] {
        var lines: [String] = []
        let subject = platform.map { "\(target) [\($0)] \(digest)" } ?? "\(target) \(digest)"
        switch verdict {
        case .verified: lines.append("Verified OK: \(subject) has a verified '\(requestedType)' attestation")
        case .none: lines.append("NO ATTESTATIONS: \(subject)")
        case .notVerified: lines.append("NO VERIFIED '\(requestedType)' ATTESTATION: \(subject)")
        case .unknown: lines.append("UNKNOWN (attestations could not all be read): \(subject)")
        case .invalid: lines.append("INVALID IMAGE (its content contradicts its digests): \(subject)")
        }
        for (number, attestation) in attestations.enumerated() {
            lines.append("  attestation \(number + 1): \(attestation.origin) [\(attestation.format)]")
            lines.append("    predicate type: \(attestation.predicateType ?? "(not read)")")
            lines.append("    signer: \(attestation.signer ?? "(not verified)")")
            for check in attestation.checks { lines.append("    \(check.name): \(check.outcome)") }
            lines.append("    result: \(attestation.status.rawValue)")
        }
        if attestations.isEmpty { lines.append("  no attestations") }
        lines.append("  content: " + (contentChecked ? "every blob and child manifest checked" : "not checked"))
        if allowUnsignedBuildKit { lines.append("  UNSAFE: unsigned BuildKit attestations accepted") }
        if !unsafe.isEmpty { lines.append("  UNSAFE: " + unsafe.joined(separator: ", ")) }
        return lines
    }
}
