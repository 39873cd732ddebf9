import ArgumentParser

/// `vouch verify bundle FILE|sha256:HEX --bundle B …`.
struct VerifyBundleCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "bundle", abstract: "Verify a Sigstore bundle offline.")
    }
}
