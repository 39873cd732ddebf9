/// A stable, machine-readable name for one kind of failure, such as `oci.blob.digest-mismatch`.
///
/// Codes are compared by their text only; the human message of a ``Finding`` may change between releases,
/// the code may not. Every code is documented in `docs/findings.md`, and a test keeps the catalogue and the
/// code in step. Modules declare their codes as static members in an extension:
///
/// ```swift
/// extension FindingCode {
///     public static let blobDigestMismatch = FindingCode("oci.blob.digest-mismatch")
/// }
/// ```
public struct FindingCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The dotted name, `domain.subject.problem`, lowercase with hyphens.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension FindingCode {
    /// An input could not be read at all (missing file, permission denied, I/O error).
    public static let inputUnreadable = FindingCode("input.unreadable")
    /// An input is larger than the configured limit.
    public static let inputTooLarge = FindingCode("input.too-large")
    /// A digest string is not `algorithm:hex` with a supported algorithm and a lowercase hex value of the right length.
    public static let digestMalformed = FindingCode("digest.malformed")
    /// The digest algorithm is known but not supported here.
    public static let digestUnsupportedAlgorithm = FindingCode("digest.unsupported-algorithm")
    /// Content did not hash to the expected digest.
    public static let digestMismatch = FindingCode("digest.mismatch")
    /// A time value is not a valid RFC 3339 timestamp.
    public static let timeMalformed = FindingCode("time.malformed")
    /// The fetcher refused a URL (scheme not allowed, outside its root, not in the fixture set).
    public static let fetchRefused = FindingCode("fetch.refused")
    /// A JSON pointer string is not valid RFC 6901.
    public static let pointerMalformed = FindingCode("pointer.malformed")
    /// Something that should never happen happened; always a failure.
    public static let internalError = FindingCode("internal.error")
}
