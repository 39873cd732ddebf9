import Foundation
import VouchCore

/// One HTTP attempt, as handed from an async caller to the driver thread. Everything in it is a value.
struct CurlAttempt: Sendable {
    /// The URL to request.
    let url: String
    /// The name findings use for the input: the URL the caller asked for.
    let input: String
    let method: FetchRequest.Method
    /// The body of a POST, nil for other methods.
    let body: Data?
    /// `Name: value` lines, already checked for line breaks.
    let headerLines: [String]
    let maxBytes: Int
    let settings: CurlTransferSettings
}

/// The per-fetcher settings every attempt carries.
struct CurlTransferSettings: Sendable {
    let policy: PlainHTTPPolicy
    let timeoutMilliseconds: Int
    let connectTimeoutMilliseconds: Int
    let maxRedirects: Int
    let userAgent: String
    let caBundlePath: String?
    let clientCertificatePath: String?
    let clientKeyPath: String?
    let honourProxyEnvironment: Bool
}

/// How one attempt ended.
enum CurlAttemptResult: Sendable {
    /// A response with any status; `retryAfterSeconds` from its `Retry-After` header, if any.
    case response(FetchResponse, retryAfterSeconds: Int?)
    /// No response. `transient` failures may succeed when tried again.
    case failure(FindingError, transient: Bool)
}
