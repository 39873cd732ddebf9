import ArgumentParser

/// `vouch verify image REF|oci:LAYOUT …`: cosign signatures on an image.
struct VerifyImageCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "image", abstract: "Verify cosign signatures on an image.")
    }
}
