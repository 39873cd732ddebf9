import ArgumentParser

/// `vouch oci …`: image references, layouts and registries.
struct OCICommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "oci", abstract: "Inspect and check OCI image layouts and registries.")
    }
}
