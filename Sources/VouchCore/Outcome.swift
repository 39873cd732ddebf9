/// The result of a verification: the verified value with any notes, or every failure found.
///
/// Modelled on swift-certificates' `VerificationResult`: a check reports all of its failures, not only the first,
/// and a value of type `Verified` only exists once it has passed.
public enum Outcome<Verified: Sendable>: Sendable {
    /// The check passed. `notes` holds info and warning findings that did not change the decision.
    case verified(Verified, notes: [Finding])
    /// The check failed; never empty.
    case failed([Finding])

    public var isVerified: Bool {
        if case .verified = self { return true }
        return false
    }

    /// The verified value, or `nil`.
    public var value: Verified? {
        if case .verified(let value, _) = self { return value }
        return nil
    }

    /// Every finding: notes when verified, failures when failed.
    public var findings: [Finding] {
        switch self {
        case .verified(_, let notes): notes
        case .failed(let failures): failures
        }
    }

    /// Transforms the verified value, keeping the notes.
    public func map<T: Sendable>(_ transform: (Verified) throws(FindingError) -> T) -> Outcome<T> {
        switch self {
        case .verified(let value, let notes):
            do {
                return .verified(try transform(value), notes: notes)
            } catch {
                return .failed(notes.filter { $0.severity == .error } + error.findings)
            }
        case .failed(let failures):
            return .failed(failures)
        }
    }

    /// `.verified` when `findings` has no error, otherwise `.failed` with all of them.
    public static func judge(_ value: @autoclosure () -> Verified, findings: [Finding]) -> Outcome<Verified> {
        if findings.contains(where: { $0.severity == .error }) {
            return .failed(findings)
        }
        return .verified(value(), notes: findings)
    }
}
