import VouchCore

/// The answer of an image verification, one of five.
///
/// - `verified` (exit 0): at least one signature verified under the policy, and the content checked out.
/// - `unsigned` (exit 1, `image.verdict.unsigned`): no signature found.
/// - `no-match` (exit 1, `image.verdict.no-match`): signatures found, all intact, none by the given key or
///   identity, reference or annotations.
/// - `invalid` (exit 1, `image.verdict.invalid`): no signature verified and one is broken, or the image's content
///   contradicts its digests.
/// - `unknown` (exit 2, `image.discovery.incomplete`): the attachments could not all be listed and nothing verified.
public enum ImageVerdict: String, Sendable, Hashable, CaseIterable {
    case verified
    case unsigned
    case noMatch = "no-match"
    case invalid
    case unknown

    /// The verdict's finding code, for the failing verdicts.
    public var code: FindingCode? {
        switch self {
        case .verified: nil
        case .unsigned: .imageVerdictUnsigned
        case .noMatch: .imageVerdictNoMatch
        case .invalid: .imageVerdictInvalid
        case .unknown: .imageDiscoveryIncomplete
        }
    }
}
