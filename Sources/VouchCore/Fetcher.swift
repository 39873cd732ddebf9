import Foundation

/// An HTTP-style request for bytes by URL.
public struct FetchRequest: Hashable, Sendable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case head = "HEAD"
        /// Sends ``FetchRequest/body`` (for example a form to an OAuth2 token endpoint).
        case post = "POST"
    }

    public var url: URL
    public var method: Method
    /// Request headers in order; names are sent as given.
    public var headers: [(name: String, value: String)]
    /// Overrides ``Limits/maxFetchBytes`` for this request when set.
    public var maxBytes: Int?
    /// The request body, sent with ``Method/post`` (empty when nil); the caller sets its `Content-Type` header.
    public var body: Data?

    public init(
        url: URL, method: Method = .get, headers: [(name: String, value: String)] = [], maxBytes: Int? = nil,
        body: Data? = nil
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.maxBytes = maxBytes
        self.body = body
    }

    public static func == (lhs: FetchRequest, rhs: FetchRequest) -> Bool {
        lhs.url == rhs.url && lhs.method == rhs.method && lhs.maxBytes == rhs.maxBytes && lhs.body == rhs.body
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(url)
        hasher.combine(method)
    }
}

/// What came back: status, headers and the whole body.
public struct FetchResponse: Hashable, Sendable {
    /// The URL after redirects.
    public var url: URL
    /// HTTP status; 200 for local files.
    public var status: Int
    /// Header names lowercased; repeated headers keep every value in order.
    public var headers: [String: [String]]
    public var body: Data

    public init(url: URL, status: Int = 200, headers: [String: [String]] = [:], body: Data) {
        self.url = url
        self.status = status
        self.headers = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]?.first
    }

    /// 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// The only way verification code obtains bytes it did not get as arguments.
///
/// Domain modules never touch the network or the file system for inputs named by URL: they are handed a
/// `Fetcher`. The command line hands them the libcurl one (`VouchNet`) or, with `--offline`, one that only reads
/// local files; tests hand them a ``FixtureFetcher``.
///
/// A fetcher returns any HTTP status it receives (callers such as a registry client need 401 and 404). It throws a
/// ``FindingError`` only when there is no response: refused URL, transport failure, timeout, size limit.
public protocol Fetcher: Sendable {
    func fetch(_ request: FetchRequest) async throws(FindingError) -> FetchResponse
}

extension Fetcher {
    /// GETs a URL and requires a 2xx status.
    public func fetchBytes(from url: URL, maxBytes: Int? = nil) async throws(FindingError) -> Data {
        let response = try await fetch(FetchRequest(url: url, maxBytes: maxBytes))
        guard response.isSuccess else {
            throw FindingError(
                .fetchHTTPStatus,
                "GET returned HTTP \(response.status)",
                input: url.absoluteString,
                details: ["status": String(response.status)]
            )
        }
        return response.body
    }
}

extension FindingCode {
    /// A fetch completed with a status that the caller cannot use (for example 404 where content was required).
    public static let fetchHTTPStatus = FindingCode("fetch.http-status")
}
