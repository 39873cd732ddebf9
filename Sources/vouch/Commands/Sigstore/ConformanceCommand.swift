import ArgumentParser

/// `vouch conformance …`: the sigstore-conformance client protocol.
struct ConformanceCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "conformance", abstract: "sigstore-conformance client protocol.", shouldDisplay: false)
    }
}
