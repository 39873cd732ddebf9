import Foundation
import VouchCore
import VouchCrypto

/// What the bundle is checked against: a file, bytes in memory, or only a digest (`sha256:<hex>`).
///
/// With only a digest, ECDSA and RSA message signatures are checked against the digest (as hashedrekord does);
/// Ed25519 signs the message itself and cannot be checked that way (`sigstore.artifact.digest-unusable`).
public enum Artifact: Sendable {
    case file(path: String)
    case bytes([UInt8], name: String)
    case digest(Digest)

    /// Reads `FILE_OR_DIGEST` as the conformance protocol does: a digest only when it starts with `sha256:`, has
    /// the length of a hex SHA-256 and is not a path on disk; otherwise a file path.
    public static func fromArgument(_ argument: String) -> Artifact {
        if argument.hasPrefix("sha256:"), argument.utf8.count == 7 + 64,
            !FileManager.default.fileExists(atPath: argument),
            let digest = try? Digest(parsing: argument.lowercased())
        {
            return .digest(digest)
        }
        return .file(path: argument)
    }

    /// How reports name the artifact.
    public var name: String {
        switch self {
        case .file(let path): path
        case .bytes(_, let name): name
        case .digest(let digest): digest.description
        }
    }

    /// The artifact's digests: SHA-256, SHA-384 and SHA-512 for content, just the given one for a digest.
    func digests() throws(FindingError) -> [DigestAlgorithm: Digest] {
        let algorithms: [DigestAlgorithm] = [.sha256, .sha384, .sha512]
        switch self {
        case .digest(let digest):
            return [digest.algorithm: digest]
        case .bytes(let bytes, _):
            return Dictionary(uniqueKeysWithValues: algorithms.map { ($0, Digest.of(bytes, using: $0)) })
        case .file(let path):
            let digests = try FileDigester.digest(ofFileAt: path, algorithms: algorithms)
            return Dictionary(uniqueKeysWithValues: zip(algorithms, digests).map { ($0, $1) })
        }
    }

    /// The content, for signatures that need it (Ed25519), or `nil` for a digest.
    func content(limits: Limits) throws(FindingError) -> [UInt8]? {
        switch self {
        case .digest: nil
        case .bytes(let bytes, _): bytes
        case .file(let path): Array(try LocalFile.read(path, maxBytes: limits.maxArtifactBytes))
        }
    }
}
