import ArgumentParser

/// `vouch trusted-root create|show`.
struct TrustedRootCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "trusted-root", abstract: "Build and inspect Sigstore trusted roots.",
            subcommands: [TrustedRootCreateCommand.self, TrustedRootShowCommand.self])
    }
}
