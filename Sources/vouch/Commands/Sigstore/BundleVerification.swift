import Foundation
import VouchCore
import VouchJSON
import VouchSigstore

/// Runs one bundle verification and turns the outcome into a report: shared by `verify bundle`, `verify blob
/// --bundle` and the conformance client.
enum BundleVerification {
    static func run(
        command: String, artifact argument: String, bundlePath: String, policy: VerificationPolicy,
        trustedRoot: TrustedRoot, limits: Limits, now: VerificationTime
    ) throws(FindingError) -> Report {
        let artifact = Artifact.fromArgument(argument)
        let bundle = try UnverifiedBundle.load(path: bundlePath, limits: limits, known: trustedRoot.knownCertificates)
        let verifier = SigstoreVerifier(trustedRoot: trustedRoot, limits: limits, now: now)
        let outcome = try verifier.verify(bundle, artifact: artifact, policy: policy)
        return report(command: command, outcome: outcome, artifact: artifact, bundle: bundle, trustedRoot: trustedRoot)
    }

    static func report(
        command: String, outcome: Outcome<VerifiedBundle>, artifact: Artifact, bundle: UnverifiedBundle,
        trustedRoot: TrustedRoot
    ) -> Report {
        var report = Report(command: command, exitCode: outcome.isVerified ? .verified : .failed)
        report.findings = outcome.findings
        let rootName = trustedRoot.pinnedName.map { " (\($0))" } ?? ""
        let rootDigest = trustedRoot.fileDigest.map { "sha256:\($0.hex)" } ?? "built in code"
        switch outcome {
        case .verified(let verified, _):
            report.lines = lines(verified, rootDescription: "\(rootDigest)\(rootName)")
            report.result = verified.json
        case .failed(let findings):
            report.lines = [
                "Verification FAILED: \(artifact.name) (\(findings.count) finding\(findings.count == 1 ? "" : "s"))"
            ]
            report.result = [
                "artifact": .init(.string(artifact.name)), "bundle": .init(.string(bundle.input)),
                "mediaType": .init(.string(bundle.mediaType)), "verified": .init(.bool(false)),
            ]
        }
        return report
    }

    /// The text answer: what was verified, and every check with the time it was made at.
    static func lines(_ verified: VerifiedBundle, rootDescription: String) -> [String] {
        var lines = ["Verified OK: \(verified.artifact) (\(verified.artifactDigest))"]
        lines.append("  bundle: v\(verified.version.rawValue) \(verified.contentKind) (\(verified.mediaType))")
        switch verified.signer {
        case .certificate(let certificate):
            let names = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
            lines.append(
                "  certificate: \(names), issuer \(certificate.issuer ?? "(none)"), "
                    + "serial \(certificate.serialNumber), valid \(certificate.notBefore)..\(certificate.notAfter)")
            lines.append(
                "  chain: to \(certificate.certificateAuthority), checked at "
                    + certificate.checkedAt.map(\.rfc3339).joined(separator: ", "))
        case .publicKey(let keyID):
            lines.append("  key: \(keyID)")
        }
        for time in verified.verifiedTimes {
            lines.append("  verified time: \(time.time) (\(time.source.rawValue), \(time.authority))")
        }
        for entry in verified.logEntries {
            var text =
                "  log entry: \(entry.logURL) index \(entry.logIndex), \(entry.kind) \(entry.version), "
                + "Rekor v\(entry.rekorVersion)"
            if let time = entry.integratedTime { text += ", inclusion promise at \(time)" }
            if let proof = entry.inclusionProof {
                text +=
                    ", inclusion proof of leaf \(proof.leafIndex) in a tree of \(proof.treeSize) "
                    + "(checkpoint \(proof.origin))"
            }
            lines.append(text)
        }
        for timestamp in verified.timestamps {
            lines.append(
                "  timestamp: \(timestamp.genTime) by \(timestamp.authority) "
                    + "(\(timestamp.signer), serial \(timestamp.serialNumber))"
            )
        }
        for sct in verified.signedCertificateTimestamps {
            lines.append("  SCT: \(sct.log) at \(sct.time)")
        }
        if let statement = verified.statement {
            lines.append("  statement: \(statement.predicateType), subject \(statement.matchedSubject)")
        }
        lines.append("  trusted root: \(rootDescription)")
        return lines
    }
}
