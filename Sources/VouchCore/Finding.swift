/// One explained result of a check: what went wrong (or what was noted), where, and the evidence.
///
/// Tests assert ``code`` and ``location``, never ``message``: the message is for people and may be reworded.
public struct Finding: Hashable, Sendable, CustomStringConvertible {
    public var code: FindingCode
    public var severity: Severity
    public var location: SourceLocation
    /// One sentence for a person, without the location (renderers add it).
    public var message: String
    /// Structured evidence, such as `expected` and `actual`, or `openssl` for the library's error queue.
    /// Rendered in key order so output stays deterministic.
    public var details: [String: String]

    public init(
        _ code: FindingCode,
        severity: Severity = .error,
        _ message: String,
        at location: SourceLocation,
        details: [String: String] = [:]
    ) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
        self.details = details
    }

    /// Shorthand for a finding at an input with no further position.
    public init(
        _ code: FindingCode,
        severity: Severity = .error,
        _ message: String,
        input: String,
        pointer: JSONPointer? = nil,
        details: [String: String] = [:]
    ) {
        self.init(
            code, severity: severity, message, at: SourceLocation(input: input, pointer: pointer), details: details)
    }

    /// `location: severity[code]: message (key=value, …)`.
    public var description: String {
        var text = "\(location): \(severity.rawValue)[\(code)]: \(message)"
        if !details.isEmpty {
            text +=
                " (" + details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    /// A copy with the detail set.
    public func with(detail key: String, _ value: String) -> Finding {
        var copy = self
        copy.details[key] = value
        return copy
    }
}
