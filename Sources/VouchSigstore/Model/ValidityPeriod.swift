import VouchCore

/// A trusted-root `TimeRange`: when a key or authority may be relied on.
///
/// ```
/// TimeRange = { "start": Timestamp, "end": Timestamp (optional) }
/// ```
/// The interval is **closed**: a time equal to `start` or to `end` is inside (conformance cases
/// `trust-root-*-validity-end-inclusive`). Times are compared in whole seconds; fractions are dropped on both sides.
public struct ValidityPeriod: Sendable, Hashable, CustomStringConvertible {
    /// `nil` only for certificate and timestamp authorities, whose window may be unbounded.
    public var start: VerificationTime?
    /// `nil` while the key or authority is still in use.
    public var end: VerificationTime?

    public init(start: VerificationTime?, end: VerificationTime? = nil) {
        self.start = start
        self.end = end
    }

    /// No bounds at all.
    public static let unbounded = ValidityPeriod(start: nil, end: nil)

    /// Whether `time` lies in `[start, end]`.
    public func contains(_ time: VerificationTime) -> Bool {
        if let start, time < start { return false }
        if let end, time > end { return false }
        return true
    }

    public var description: String { "[\(start?.rfc3339 ?? "-∞"), \(end?.rfc3339 ?? "open")]" }

    /// Evidence for findings: `validFrom`, `validUntil`.
    var details: [String: String] {
        ["validFrom": start?.rfc3339 ?? "unbounded", "validUntil": end?.rfc3339 ?? "open"]
    }
}
