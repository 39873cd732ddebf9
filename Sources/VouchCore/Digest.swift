/// A hash algorithm that can name content.
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    /// Only for legacy formats that still carry it (for example RFC 3161 responses); never to name content.
    case sha1
    case sha256
    case sha384
    case sha512

    /// Length of the digest in bytes.
    public var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// Length of the lowercase hex encoding.
    public var hexCount: Int { byteCount * 2 }
}

/// A content digest, `algorithm:hex`, as in OCI descriptors and in-toto subjects.
///
/// ```
/// digest    = algorithm ":" encoded
/// algorithm = "sha256" / "sha384" / "sha512" / "sha1"
/// encoded   = lowercase hex, exactly twice the algorithm's byte length
/// ```
/// Parsing is strict: uppercase hex, a wrong length, separators, `..` or `/` are refused, so a parsed digest is
/// safe to use as a file name.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let algorithm: DigestAlgorithm
    /// Lowercase hex, validated.
    public let hex: String

    /// Builds a digest from raw bytes.
    public init(algorithm: DigestAlgorithm, bytes: some Sequence<UInt8>) {
        self.algorithm = algorithm
        self.hex = Hex.encode(bytes)
        precondition(hex.utf8.count == algorithm.hexCount, "digest length does not match \(algorithm)")
    }

    /// Parses `algorithm:hex`. `input` names where the text came from, for the finding.
    public init(parsing text: String, input: String = "digest", pointer: JSONPointer? = nil) throws(FindingError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw FindingError(
                .digestMalformed, "'\(text)' is not of the form algorithm:hex", input: input, pointer: pointer)
        }
        guard let algorithm = DigestAlgorithm(rawValue: String(parts[0])) else {
            let name = String(parts[0])
            let looksLikeAlgorithm =
                !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
            throw FindingError(
                looksLikeAlgorithm ? .digestUnsupportedAlgorithm : .digestMalformed,
                "unsupported digest algorithm '\(name)'",
                input: input,
                pointer: pointer,
                details: ["supported": DigestAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")]
            )
        }
        let hex = parts[1]
        guard hex.utf8.count == algorithm.hexCount, hex.utf8.allSatisfy(Hex.isLowercaseDigit) else {
            throw FindingError(
                .digestMalformed,
                "a \(algorithm.rawValue) digest needs \(algorithm.hexCount) lowercase hex characters",
                input: input,
                pointer: pointer,
                details: ["actual": text]
            )
        }
        self.algorithm = algorithm
        self.hex = String(hex)
    }

    /// The raw digest bytes.
    public var bytes: [UInt8] { Hex.decode(hex)! }

    public var description: String { "\(algorithm.rawValue):\(hex)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
