import ArgumentParser
import Foundation
import VouchCore
import VouchJSON

/// `vouch json canonicalize FILE|-`: the RFC 8785 form, byte for byte, with no trailing newline.
struct CanonicalizeCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "canonicalize",
            abstract: "Print the RFC 8785 (JCS) canonical form of a JSON document.",
            discussion: "Malformed input gives its finding with line and column and exit code 2."
        )
    }

    @Argument(help: "A JSON file, or '-' for standard input.")
    var file: String

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let data: Data
        let document: JSONDocument
        do {
            data = try LocalFile.read(file, maxBytes: Limits.default.maxJSONBytes)
            document = try JSONDocument.parse(data, input: file)
        } catch {
            try Console.emit(.couldNotRun("json canonicalize", error), options: options)
        }
        if options.format == .text {
            // Exactly the canonical bytes: callers hash this output.
            FileHandle.standardOutput.write(Data(document.canonicalBytes))
            return
        }
        var report = Report(command: "json canonicalize", exitCode: .verified)
        report.result = ["canonical": JSONNode(.string(JCS.canonicalString(document.root)))]
        try Console.emit(report, options: options)
    }
}
