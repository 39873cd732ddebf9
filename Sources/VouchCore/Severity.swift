/// How much a ``Finding`` weighs in a decision.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Context for the reader; never changes a decision.
    case info
    /// Worth attention; a policy may promote it to an error.
    case warning
    /// The check failed.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
