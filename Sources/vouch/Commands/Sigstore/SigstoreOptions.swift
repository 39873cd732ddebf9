import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchSigstore

/// The options shared by `verify bundle`, `verify blob --bundle` and the conformance client: who must have signed,
/// and the trusted root. Names follow cosign.
struct SigstoreOptions: ParsableArguments {
    @Option(name: .long, help: "Expected identity: a subject alternative name (email, URI) of the signing certificate.")
    var certificateIdentity: String?

    @Option(name: .long, help: "Expected identity as a regular expression (unanchored, as in cosign: use ^…$).")
    var certificateIdentityRegexp: String?

    @Option(name: .long, help: "Expected OIDC issuer of the signing certificate.")
    var certificateOidcIssuer: String?

    @Option(name: .long, help: "Expected OIDC issuer as a regular expression (unanchored).")
    var certificateOidcIssuerRegexp: String?

    @Option(name: .long, help: "Expected GitHub workflow trigger (extension 1.3.6.1.4.1.57264.1.2).")
    var certificateGithubWorkflowTrigger: String?

    @Option(name: .long, help: "Expected GitHub workflow commit SHA (extension 1.3.6.1.4.1.57264.1.3).")
    var certificateGithubWorkflowSha: String?

    @Option(name: .long, help: "Expected GitHub workflow name (extension 1.3.6.1.4.1.57264.1.4).")
    var certificateGithubWorkflowName: String?

    @Option(name: .long, help: "Expected GitHub workflow repository (extension 1.3.6.1.4.1.57264.1.5).")
    var certificateGithubWorkflowRepository: String?

    @Option(name: .long, help: "Expected GitHub workflow ref (extension 1.3.6.1.4.1.57264.1.6).")
    var certificateGithubWorkflowRef: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Expected value of any Fulcio certificate extension, OID=VALUE (repeatable).", valueName: "oid=value"))
    var certificateExtension: [String] = []

    @Option(
        name: .long,
        help: "trusted_root.json to verify against (default: $VOUCH_TRUSTED_ROOT). Never fetched from the network.")
    var trustedRoot: String?

    /// Whether any certificate identity flag was given.
    var hasIdentityFlags: Bool {
        let flags = [
            certificateIdentity, certificateIdentityRegexp, certificateOidcIssuer, certificateOidcIssuerRegexp,
            certificateGithubWorkflowTrigger, certificateGithubWorkflowSha, certificateGithubWorkflowName,
            certificateGithubWorkflowRepository, certificateGithubWorkflowRef,
        ]
        return flags.contains { $0 != nil } || !certificateExtension.isEmpty
    }

    /// Checks the combination of flags, given the `--key` of the command (if any).
    func validate(key: String?) throws {
        if key != nil {
            guard !hasIdentityFlags else {
                throw ValidationError("--key verifies a managed key; certificate identity flags do not apply")
            }
            return
        }
        guard (certificateIdentity == nil) != (certificateIdentityRegexp == nil) else {
            throw ValidationError(
                "give --key, or exactly one of --certificate-identity and --certificate-identity-regexp")
        }
        guard (certificateOidcIssuer == nil) != (certificateOidcIssuerRegexp == nil) else {
            throw ValidationError("give exactly one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp")
        }
        for entry in certificateExtension where !entry.contains("=") {
            throw ValidationError("--certificate-extension takes OID=VALUE, got '\(entry)'")
        }
        for pattern in [certificateIdentityRegexp, certificateOidcIssuerRegexp].compactMap({ $0 })
        where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw ValidationError("'\(pattern)' is not a valid regular expression")
        }
    }

    /// The policy the flags describe.
    func policy(key: String?, limits: Limits) throws(FindingError) -> VerificationPolicy {
        if let key {
            return .publicKey(
                try PublicKey.load(try LocalFile.read(key, maxBytes: limits.maxCryptoInputBytes), input: key))
        }
        let identity: StringMatcher =
            try certificateIdentityRegexp.map { pattern throws(FindingError) in try StringMatcher.regex(pattern) }
            ?? .exact(certificateIdentity ?? "")
        let issuer: StringMatcher =
            try certificateOidcIssuerRegexp.map { pattern throws(FindingError) in try StringMatcher.regex(pattern) }
            ?? .exact(certificateOidcIssuer ?? "")
        var extensions: [String: StringMatcher] = [:]
        let github: [(String?, String)] = [
            (certificateGithubWorkflowTrigger, "2"), (certificateGithubWorkflowSha, "3"),
            (certificateGithubWorkflowName, "4"), (certificateGithubWorkflowRepository, "5"),
            (certificateGithubWorkflowRef, "6"),
        ]
        for (value, arc) in github {
            if let value { extensions["1.3.6.1.4.1.57264.1.\(arc)"] = .exact(value) }
        }
        for entry in certificateExtension {
            let parts = entry.split(separator: "=", maxSplits: 1)
            extensions[String(parts[0])] = .exact(parts.count > 1 ? String(parts[1]) : "")
        }
        return .identity(CertificateIdentity(subjectAlternativeName: identity, issuer: issuer, extensions: extensions))
    }

    /// The trusted root: `--trusted-root`, or `$VOUCH_TRUSTED_ROOT` (`$VOUCH_STAGING_TRUSTED_ROOT` for staging).
    func loadTrustedRoot(staging: Bool = false, limits: Limits) throws(FindingError) -> TrustedRoot {
        let variable = staging ? "VOUCH_STAGING_TRUSTED_ROOT" : "VOUCH_TRUSTED_ROOT"
        guard let path = trustedRoot ?? ProcessInfo.processInfo.environment[variable], !path.isEmpty else {
            throw FindingError(
                .sigstoreTrustedRootMissing,
                "no trusted root: pass --trusted-root or set \(variable) (pinned digests of the public roots are in "
                    + "trust-roots/README.md)", input: "--trusted-root")
        }
        return try TrustedRoot.load(path: path, limits: limits)
    }
}
