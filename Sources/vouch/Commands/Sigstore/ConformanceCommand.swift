import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchSigstore

/// `vouch conformance …`: the sigstore-conformance client protocol (docs/cli_protocol.md), so that the upstream
/// harness can drive Vouch through `scripts/sigstore-conformance-client`:
///
/// ```
/// ENTRYPOINT verify-bundle [--staging] --bundle FILE --certificate-identity IDENTITY
///                          --certificate-oidc-issuer URL [--trusted-root FILE] FILE_OR_DIGEST
/// ENTRYPOINT verify-bundle [--staging] --bundle FILE --key PATH_TO_KEY [--trusted-root FILE] FILE_OR_DIGEST
/// ENTRYPOINT sign-bundle [--staging] [--in-toto] --identity-token TOKEN --bundle FILE FILE
/// ```
/// The result is the exit status; findings go to standard error. Without `--trusted-root` the production root
/// named by `$VOUCH_TRUSTED_ROOT` is used (`$VOUCH_STAGING_TRUSTED_ROOT` with `--staging`).
struct ConformanceCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "conformance", abstract: "sigstore-conformance client protocol.", shouldDisplay: false,
            subcommands: [ConformanceVerifyBundleCommand.self, ConformanceSignBundleCommand.self])
    }
}

/// `verify-bundle` of the conformance protocol.
struct ConformanceVerifyBundleCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "verify-bundle", abstract: "Verify a bundle as the conformance harness asks.")
    }

    @Flag(name: .long, help: "Use the staging trusted root when no --trusted-root is given.")
    var staging = false

    @Option(name: .long, help: "The bundle.")
    var bundle: String

    @Option(name: .long, help: "Expected subject alternative name.")
    var certificateIdentity: String?

    @Option(name: .long, help: "Expected OIDC issuer.")
    var certificateOidcIssuer: String?

    @Option(name: .long, help: "PEM public key (managed key).")
    var key: String?

    @Option(name: .long, help: "A custom trusted root.")
    var trustedRoot: String?

    @Argument(help: "The artifact path, or sha256:HEX.")
    var fileOrDigest: String

    func validate() throws {
        if key == nil, certificateIdentity == nil || certificateOidcIssuer == nil {
            throw ValidationError("give --key, or --certificate-identity and --certificate-oidc-issuer")
        }
        if key != nil, certificateIdentity != nil || certificateOidcIssuer != nil {
            throw ValidationError("--key and certificate identity flags are exclusive")
        }
    }

    func run() async throws {
        var arguments: [String] = []
        if let certificateIdentity { arguments += ["--certificate-identity", certificateIdentity] }
        if let certificateOidcIssuer { arguments += ["--certificate-oidc-issuer", certificateOidcIssuer] }
        if let trustedRoot { arguments += ["--trusted-root", trustedRoot] }
        let sigstore = try SigstoreOptions.parse(arguments)
        let options = try GlobalOptions.parse([])
        try await report("conformance verify-bundle", options: options) { () throws(FindingError) -> Report in
            let limits = Limits.default
            let root = try sigstore.loadTrustedRoot(staging: staging, limits: limits)
            let policy = try sigstore.policy(key: key, limits: limits)
            var report = try BundleVerification.run(
                command: "conformance verify-bundle", artifact: fileOrDigest, bundlePath: bundle, policy: policy,
                trustedRoot: root, limits: limits, now: try options.verificationTime())
            // The harness reads the exit status only; the answer goes to standard error with the findings.
            for line in report.lines { Console.writeError(line) }
            report.lines = []
            return report
        }
    }
}

/// `sign-bundle` of the conformance protocol: Vouch verifies, it never signs.
struct ConformanceSignBundleCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "sign-bundle", abstract: "Not supported: Vouch only verifies.")
    }

    @Flag(name: .long) var staging = false
    @Flag(name: .customLong("in-toto")) var inToto = false
    @Option(name: .long) var identityToken: String
    @Option(name: .long) var bundle: String
    @Option(name: .long) var trustedRoot: String?
    @Option(name: .long) var signingConfig: String?
    @Argument var file: String

    func run() async throws {
        Console.writeError("vouch conformance sign-bundle: not supported: Vouch is verification only")
        throw ExitCode(VouchExitCode.couldNotVerify.rawValue)
    }
}
