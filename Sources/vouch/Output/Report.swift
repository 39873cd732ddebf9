import VouchCore
import VouchJSON

/// What a command found, independent of how it is printed.
struct Report: Sendable {
    /// `digest`, `verify blob`, …
    var command: String
    var exitCode: VouchExitCode
    /// Lines for standard output in text mode (the command's answer, such as `HEX  FILE`).
    var lines: [String] = []
    /// Failures and notes; in text mode they go to standard error.
    var findings: [Finding] = []
    /// The structured result for `--format json`.
    var result: JSONNode = nil

    /// A report for a check that could not run.
    static func couldNotRun(_ command: String, _ error: FindingError) -> Report {
        Report(command: command, exitCode: .couldNotVerify, findings: error.findings)
    }
}

extension Finding {
    /// The JSON form used by every `--format json` output and, later, the verification bundle.
    var json: JSONNode {
        var location: JSONObject = ["input": JSONNode(.string(self.location.input))]
        if let pointer = self.location.pointer { location["pointer"] = JSONNode(.string(pointer.description)) }
        if let position = self.location.position {
            location["line"] = JSONNode(integerLiteral: position.line)
            location["column"] = JSONNode(integerLiteral: position.column)
        }
        var object: JSONObject = [
            "code": JSONNode(.string(code.rawValue)),
            "severity": JSONNode(.string(severity.rawValue)),
            "message": JSONNode(.string(message)),
            "location": JSONNode(.object(location)),
        ]
        if !details.isEmpty {
            object["details"] = JSONNode(
                .object(JSONObject(details.map { JSONMember(key: $0.key, value: JSONNode(.string($0.value))) })))
        }
        return JSONNode(.object(object))
    }
}
