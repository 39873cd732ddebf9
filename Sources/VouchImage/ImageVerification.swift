import VouchCore
import VouchJSON
import VouchOCI

/// The result of verifying an image: the verdict, every signature with why it passed or failed, and what else is
/// attached.
public struct ImageVerification: Sendable {
    /// The target as given.
    public let target: String
    /// The manifest whose signatures were judged (the platform manifest with `--platform`).
    public let digest: Digest
    public let mediaType: String
    /// The index the platform manifest was chosen from.
    public let index: Digest?
    public let platform: Platform?
    public let verdict: ImageVerdict
    public let signatures: [SignatureResult]
    /// Attestations found (listed, not judged here).
    public let attestations: [AttachedSignature]
    /// Other attachments: SBOMs, referrers of other artifact types.
    public let others: [Attachment]
    /// Whether every blob and child manifest was checked.
    public let contentChecked: Bool
    /// The unsafe switches that were on.
    public let unsafe: [String]
    /// Every finding: the verdict's, each failed signature's, discovery, content and notes.
    public let findings: [Finding]

    /// The structured form for `--format json`.
    public var json: JSONNode {
        var object: JSONObject = [
            "target": .init(.string(target)), "digest": .init(.string(digest.description)),
            "mediaType": .init(.string(mediaType)), "verdict": .init(.string(verdict.rawValue)),
            "signatures": .init(.array(signatures.map(\.json))),
            "attestations": .init(
                .array(
                    attestations.map { attestation in
                        var entry: JSONObject = [
                            "origin": .init(.string(attestation.origin)),
                            "location": .init(.string(attestation.location.description)),
                        ]
                        if case .bundle(_, let type?) = attestation.content {
                            entry["predicateType"] = .init(.string(type))
                        }
                        return .init(.object(entry))
                    })),
            "otherAttachments": .init(
                .array(
                    others.map {
                        var entry: JSONObject = ["origin": .init(.string($0.origin))]
                        if let manifest = $0.manifest {
                            entry["digest"] = .init(.string(manifest.descriptor.digest.description))
                            if let type = manifest.manifest.artifactType {
                                entry["artifactType"] = .init(.string(type))
                            }
                        }
                        return .init(.object(entry))
                    })),
            "contentChecked": .init(.bool(contentChecked)),
            "unsafe": .init(.array(unsafe.map { .init(.string($0)) })),
        ]
        if let index { object["index"] = .init(.string(index.description)) }
        if let platform { object["platform"] = .init(.string(platform.description)) }
        return .init(.object(object))
    }

    /// The text answer: the verdict, then one line per signature with why it passed or failed.
    public var lines: [String] {
        var lines: [String] = []
        let subject = platform.map { "\(target) [\($0)] \(digest)" } ?? "\(target) \(digest)"
        switch verdict {
        case .verified: lines.append("Verified OK: \(subject)")
        case .unsigned: lines.append("NOT SIGNED: \(subject)")
        case .noMatch: lines.append("NO MATCHING SIGNATURE: \(subject)")
        case .invalid: lines.append("INVALID: \(subject)")
        case .unknown: lines.append("UNKNOWN (attachments could not all be listed): \(subject)")
        }
        for (number, signature) in signatures.enumerated() {
            lines.append("  signature \(number + 1): \(signature.origin) [\(signature.format)]")
            lines.append("    \(signature.summary)")
        }
        if signatures.isEmpty { lines.append("  no signatures") }
        for attestation in attestations {
            var text = "  attestation: \(attestation.origin)"
            if case .bundle(_, let type?) = attestation.content { text += " (\(type))" }
            lines.append(text + " (not judged by verify image)")
        }
        for other in others { lines.append("  attachment: \(other.origin)") }
        lines.append("  content: " + (contentChecked ? "every blob and child manifest checked" : "not checked"))
        if !unsafe.isEmpty { lines.append("  UNSAFE: " + unsafe.joined(separator: ", ")) }
        return lines
    }
}
