import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchNet

/// The `vouch` command line: argument parsing, wiring and rendering only; verification lives in the modules.
@main
struct Vouch: AsyncParsableCommand {
    static let version = "0.1.0"

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "vouch",
            abstract: "Prove, offline and fail-closed, that what is promoted is what was signed, built and described.",
            discussion: """
                Exit codes: 0 verified, 1 verification failed, 2 could not verify (unreadable input, network, \
                internal error), 64 usage error.
                """,
            version: versionText,
            subcommands: [
                DigestCommand.self, OCICommand.self, VerifyCommand.self, TrustedRootCommand.self, JSONCommand.self,
                ConformanceCommand.self,
            ]
        )
    }

    /// Parses and runs the command. SIGPIPE is ignored first: a closed pipe or socket must surface as an error
    /// from the write (libcurl leaves signal handling to the program), not kill the process mid-verification.
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Computed once: ArgumentParser reads `configuration` several times per command, and asking the libraries for
    /// their versions initialises libcurl and loads OpenSSL's configuration.
    static let versionText: String =
        "vouch \(version) (\(CryptoLibrary.version); libcurl \(CurlFetcher.libcurlVersion); jansson \(JSONLibrary.janssonVersion))"

}

struct VerifyCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "verify",
            abstract: "Verify images, blobs, Sigstore bundles and attestations.",
            subcommands: [
                VerifyImageCommand.self, VerifyBlobCommand.self, VerifyBundleCommand.self, VerifyAttestationCommand.self,
            ]
        )
    }
}

struct JSONCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "json",
            abstract: "JSON utilities.",
            subcommands: [CanonicalizeCommand.self]
        )
    }
}
