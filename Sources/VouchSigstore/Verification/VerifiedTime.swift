import VouchCore
import VouchCrypto
import VouchJSON

/// A time the certificate was judged at, and what vouches for it.
public struct VerifiedTime: Sendable, Hashable {
    public enum Source: String, Sendable {
        /// An RFC 3161 timestamp's genTime.
        case timestamp = "rfc3161-timestamp"
        /// A Rekor v1 integrated time under a verified inclusion promise.
        case integratedTime = "integrated-time"
    }

    public let source: Source
    public let time: VerificationTime
    /// The timestamp authority or log that vouches for the time.
    public let authority: String

    var json: JSONNode {
        [
            "source": .init(.string(source.rawValue)), "time": .init(.string(time.rfc3339)),
            "authority": .init(.string(authority)),
        ]
    }
}
