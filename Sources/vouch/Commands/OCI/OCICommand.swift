import ArgumentParser

/// `vouch oci …`: image references, layouts and registries.
struct OCICommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "oci",
            abstract: "Inspect and check OCI image layouts and registries.",
            discussion: """
                References: registry references as docker takes them (alpine, ghcr.io/org/app:1.0, \
                localhost:5000/app@sha256:…), or oci:PATH[:tag|@digest] for an image layout. Exit codes: 0 checked \
                and intact, 1 defects found (content that does not match its digest or size), 2 could not check \
                (network, unreadable input, unknown tag), 64 usage.
                """,
            subcommands: [
                OCIFsckCommand.self, OCIResolveCommand.self, OCIManifestCommand.self, OCIPullCommand.self,
            ]
        )
    }
}
