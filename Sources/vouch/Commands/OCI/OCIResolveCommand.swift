import ArgumentParser
import Foundation
import VouchCore
import VouchJSON
import VouchOCI

/// `vouch oci resolve REF`: the digest a reference stands for, with the manifest checked against it.
struct OCIResolveCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "resolve",
            abstract: "Print the digest of the manifest a reference names (checked against the bytes).",
            discussion: """
                Registry tags are resolved with HEAD, then the manifest is fetched and hashed; the registry's \
                Docker-Content-Digest must agree. Layout references read index.json and the manifest blob.
                """
        )
    }

    @Argument(help: "A registry reference or oci:PATH[:tag|@digest].")
    var reference: String

    @OptionGroup var platformOption: PlatformOption

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let resolver = OCIResolver(registry: registry, platform: platformOption.platform)
        let report: Report
        do {
            let manifest = try await resolver.resolve(reference)
            report = Report(
                command: "oci resolve", exitCode: .verified, lines: [manifest.descriptor.digest.description],
                result: JSONNode(.object(OCIResolver.summary(reference, manifest))))
        } catch {
            report = OCIExit.report("oci resolve", error)
        }
        try Console.emit(report, options: options)
    }
}
