internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// Why a time-stamp response could not be parsed.
public struct TimestampTokenError: Error, Sendable, Hashable {
    public let message: String
    /// Evidence, including OpenSSL's error queue under `openssl`.
    public let details: [String: String]

    init(_ message: String, details: [String: String] = [:]) {
        self.message = message
        self.details = details
    }

    static func openSSL(_ message: String) -> TimestampTokenError {
        TimestampTokenError(message, details: OpenSSLErrorQueue.drain().map { ["openssl": $0] } ?? [:])
    }
}
