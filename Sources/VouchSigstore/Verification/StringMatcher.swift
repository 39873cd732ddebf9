import Foundation
import VouchCore
import VouchCrypto

/// An exact string or a regular expression.
///
/// Regular expressions use ICU syntax (NSRegularExpression) and, like cosign and sigstore-go (Go RE2
/// `MatchString`), are **unanchored**: `example.com` also matches `evil-example.com.attacker`. Anchor with `^…$`.
/// ICU accepts a superset of RE2 (look-around, back-references); RE2 patterns mean the same here.
public enum StringMatcher: Sendable, Hashable, CustomStringConvertible {
    case exact(String)
    case regularExpression(String)

    /// Compiles a regular expression matcher, refusing patterns that do not compile.
    ///
    /// - Throws: `sigstore.policy.invalid`.
    public static func regex(_ pattern: String) throws(FindingError) -> StringMatcher {
        do {
            _ = try NSRegularExpression(pattern: pattern)
        } catch {
            throw FindingError(
                .sigstorePolicyInvalid, "'\(pattern)' is not a valid regular expression", input: "policy",
                details: ["pattern": pattern])
        }
        return .regularExpression(pattern)
    }

    /// Whether `value` matches.
    public func matches(_ value: String) -> Bool {
        switch self {
        case .exact(let expected):
            return value == expected
        case .regularExpression(let pattern):
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
            return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
    }

    /// Whether the matcher is a regular expression that is not anchored at both ends.
    public var isUnanchoredExpression: Bool {
        guard case .regularExpression(let pattern) = self else { return false }
        return !(pattern.hasPrefix("^") && pattern.hasSuffix("$"))
    }

    public var description: String {
        switch self {
        case .exact(let text): text
        case .regularExpression(let pattern): "/\(pattern)/"
        }
    }
}
