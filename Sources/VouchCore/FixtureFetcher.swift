import Foundation
import Synchronization

/// A deterministic in-memory ``Fetcher`` for tests: canned responses by URL, and a log of every request.
///
/// Unknown URLs are refused with `fetch.refused`, so a test that reaches for something it did not provide fails.
public final class FixtureFetcher: Fetcher {
    private struct State {
        var responses: [URL: [FetchResponse]] = [:]
        var requests: [FetchRequest] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Serves `response` for `url`. Several responses for the same URL are served in order; the last one repeats.
    public func register(_ url: URL, _ response: FetchResponse) {
        state.withLock { $0.responses[url, default: []].append(response) }
    }

    /// Serves `body` with status 200 for `url`.
    public func register(_ url: URL, body: Data, headers: [String: [String]] = [:]) {
        register(url, FetchResponse(url: url, status: 200, headers: headers, body: body))
    }

    /// Every request seen, in order.
    public var requests: [FetchRequest] {
        state.withLock { $0.requests }
    }

    public func fetch(_ request: FetchRequest) async throws(FindingError) -> FetchResponse {
        let response: FetchResponse? = state.withLock { state in
            state.requests.append(request)
            guard var queue = state.responses[request.url], !queue.isEmpty else { return nil }
            let next = queue.count > 1 ? queue.removeFirst() : queue[0]
            state.responses[request.url] = queue
            return next
        }
        guard var response else {
            throw FindingError(.fetchRefused, "no fixture registered for this URL", input: request.url.absoluteString)
        }
        if let limit = request.maxBytes, response.body.count > limit {
            throw FindingError(
                .inputTooLarge,
                "response is larger than the limit of \(limit) bytes",
                input: request.url.absoluteString
            )
        }
        if request.method == .head { response.body = Data() }
        return response
    }
}
