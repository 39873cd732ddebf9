import VouchCore

/// The answer of an image verification, one of five.
///
/// | verdict | meaning | exit |
/// |---|---|---|
/// | `verified` | at least one signature verified under the policy, and the content checked out | 0 |
/// | `unsigned` | no signature found (`image.verdict.unsigned`) | 1 |
/// | `no-match` | signatures found, all intact, none by the given key or identity, reference or annotations (`image.verdict.no-match`) | 1 |
/// | `invalid` | no signature verified and one is broken, or the image's content contradicts its digests (`image.verdict.invalid`) | 1 |
/// | `unknown` | the attachments could not all be listed and nothing verified (`image.discovery.incomplete`) | 2 |
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
