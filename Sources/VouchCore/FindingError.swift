/// The error thrown when a check could not run or an input could not be read: one or more findings.
///
/// Verification results are returned as an ``Outcome``; `throws` is kept for "could not even look".
public struct FindingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Never empty.
    public let findings: [Finding]

    public init(_ finding: Finding) {
        self.findings = [finding]
    }

    /// - Precondition: `findings` is not empty.
    public init(_ findings: [Finding]) {
        precondition(!findings.isEmpty, "a FindingError carries at least one finding")
        self.findings = findings
    }

    public init(
        _ code: FindingCode,
        _ message: String,
        input: String,
        pointer: JSONPointer? = nil,
        position: TextPosition? = nil,
        details: [String: String] = [:]
    ) {
        self.init(
            Finding(
                code, message, at: SourceLocation(input: input, pointer: pointer, position: position), details: details)
        )
    }

    /// The first finding's code: convenient in tests that expect exactly one.
    public var code: FindingCode { findings[0].code }

    public var description: String { findings.map(\.description).joined(separator: "\n") }
}
