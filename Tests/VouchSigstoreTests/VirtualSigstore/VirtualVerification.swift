import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// Runs a virtual bundle through the parser and the verifier and reports what happened.
struct VirtualVerification {
    var outcome: Outcome<VerifiedBundle>?
    /// Findings thrown by parsing (the bundle or the trusted root) or by the verifier.
    var thrown: [Finding] = []

    var verified: Bool { outcome?.isVerified == true }

    var findings: [Finding] { thrown + (outcome?.findings ?? []) }

    var codes: Set<FindingCode> { Set(findings.filter { $0.severity == .error }.map(\.code)) }

    var describe: String { findings.map(\.description).joined(separator: "\n") }

    static let identity = CertificateIdentity(
        subjectAlternativeName: .exact(VirtualSigstore.identity), issuer: .exact(VirtualSigstore.issuer))

    /// Verifies `bundle` against `root` (the instance's own by default) for its artifact.
    static func run(
        _ bundle: VirtualBundle, root: JSONNode? = nil, policy: VerificationPolicy? = nil, artifact: Artifact? = nil,
        limits: Limits = .default, now: VerificationTime? = nil
    ) -> VirtualVerification {
        let sigstore = VirtualSigstore.shared
        var result = VirtualVerification()
        do {
            let trustedRoot = try TrustedRoot.parse(
                JCS.canonicalBytes(root ?? sigstore.trustedRootJSON()), input: "trusted_root.json", limits: limits)
            // As the CLI does: chain certificates byte-identical to the root's are reused, not parsed again (their place
            // in the bundle still decides what they are; "chain carries the root" checks that).
            let parsed = try UnverifiedBundle.parse(
                bundle.data, input: "bundle.json", limits: limits, known: trustedRoot.knownCertificates)
            let chosen: VerificationPolicy
            if let policy {
                chosen = policy
            } else if bundle.leaf == nil {
                chosen = .publicKey(bundle.signingKey.publicKey)
            } else {
                chosen = .identity(identity)
            }
            result.outcome = try SigstoreVerifier(trustedRoot: trustedRoot, limits: limits, now: now).verify(
                parsed, artifact: artifact ?? .bytes(bundle.artifact, name: "artifact"), policy: chosen)
        } catch {
            result.thrown = error.findings
        }
        return result
    }
}
