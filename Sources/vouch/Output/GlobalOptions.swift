import ArgumentParser
import Foundation
import VouchCore

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print only failures.")
    var quiet = false

    @Flag(name: .long, help: "Print notes and evidence as well.")
    var verbose = false

    @Option(name: .long, help: "Verify as of this RFC 3339 time instead of now.")
    var time: String?

    /// The verification time: `--time`, or the clock read once here at the edge.
    func verificationTime() throws(FindingError) -> VerificationTime {
        if let time {
            return try VerificationTime(rfc3339: time, input: "--time")
        }
        return VerificationTime(Date())
    }
}
