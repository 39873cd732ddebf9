import ArgumentParser
import Foundation
import VouchCore
import VouchJSON

/// The one place where reports become output and exit codes.
enum Console {
    /// Prints a report in the chosen format and ends the command with its exit code.
    static func emit(_ report: Report, options: GlobalOptions) throws -> Never {
        switch options.format {
        case .text:
            if !options.quiet || report.exitCode != .verified {
                for line in report.lines { writeOut(line) }
            }
            for finding in report.findings where options.verbose || finding.severity != .info {
                writeError(render(finding))
            }
        case .json:
            let document: JSONNode = [
                "command": JSONNode(.string(report.command)),
                "exitCode": JSONNode(integerLiteral: Int(report.exitCode.rawValue)),
                "status": JSONNode(.string(status(report.exitCode))),
                "findings": JSONNode(.array(report.findings.map(\.json))),
                "result": report.result,
            ]
            writeOut(JCS.canonicalString(document))
        }
        throw ExitCode(report.exitCode.rawValue)
    }

    /// `error[code] input:line:column#pointer: message (details)`.
    static func render(_ finding: Finding) -> String {
        var text = "\(finding.severity.rawValue)[\(finding.code)] \(finding.location): \(finding.message)"
        if !finding.details.isEmpty {
            let details = finding.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            text += " (" + details.joined(separator: ", ") + ")"
        }
        return text
    }

    static func status(_ code: VouchExitCode) -> String {
        switch code {
        case .verified: "verified"
        case .failed: "failed"
        case .couldNotVerify: "error"
        case .usage: "usage"
        }
    }

    static func writeOut(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a thrown ``FindingError`` into a "could not verify" report, and emits the result.
    func report(
        _ command: String, options: GlobalOptions, _ body: () async throws(FindingError) -> Report
    ) async throws -> Never {
        let report: Report
        do {
            report = try await body()
        } catch {
            report = .couldNotRun(command, error)
        }
        try Console.emit(report, options: options)
    }
}
