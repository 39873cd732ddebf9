import Foundation
import VouchCore

/// The network ``Fetcher``: libcurl, with TLS always verified, limits enforced and transient failures retried.
///
/// All fetches of one fetcher share one libcurl multi handle, driven by a dedicated thread, so connections are
/// reused and many fetches run at once; at most ``Limits/maxConcurrentFetches`` are in flight, the rest wait.
///
/// - `https:` only, unless ``CurlFetcherConfiguration/allowPlainHTTP`` or ``CurlFetcherConfiguration/insecureHosts``
///   say otherwise; checked again on every redirect hop. No other scheme is ever fetched.
/// - A body over the size limit aborts the transfer (`net.body-too-large`); redirects past the limit fail with
///   `net.too-many-redirects`; each attempt has a timeout and a connect timeout.
/// - 429, 500, 502, 503 and 504 responses and transient transport failures (connection refused, timeout, connection
///   broken mid-response) are retried up to ``Limits/maxRetries`` times with exponential backoff and jitter, waiting
///   at least as long as a `Retry-After` header asks (capped by ``Limits/maxRetryAfterMilliseconds``). When the
///   retries run out, a 429 or 5xx is returned as a response and a transport failure is thrown.
/// - Response headers are those of the final response after redirects.
public final class CurlFetcher: Fetcher {
    public let configuration: CurlFetcherConfiguration
    private let driver: CurlMultiDriver
    private let settings: CurlTransferSettings
    private let ids = AttemptIDs()

    /// - Throws: `internal.error` when libcurl cannot be initialised.
    public init(configuration: CurlFetcherConfiguration = CurlFetcherConfiguration()) throws(FindingError) {
        self.configuration = configuration
        let limits = configuration.limits
        settings = CurlTransferSettings(
            policy: PlainHTTPPolicy(allowEverywhere: configuration.allowPlainHTTP, hosts: configuration.insecureHosts),
            timeoutMilliseconds: limits.fetchTimeoutMilliseconds,
            connectTimeoutMilliseconds: limits.connectTimeoutMilliseconds,
            maxRedirects: limits.maxRedirects,
            userAgent: configuration.userAgent,
            caBundlePath: configuration.caBundlePath,
            clientCertificatePath: configuration.clientCertificatePath,
            clientKeyPath: configuration.clientKeyPath,
            honourProxyEnvironment: configuration.honourProxyEnvironment
        )
        driver = try CurlMultiDriver(maxInFlight: limits.maxConcurrentFetches)
    }

    deinit {
        driver.stop()
    }

    /// The version of the libcurl in use, such as `7.88.1`.
    public static var libcurlVersion: String { CurlGlobal.version }

    /// libcurl's description of itself and the libraries it uses, such as `libcurl/7.88.1 OpenSSL/3.0.22 zlib/1.2.13`.
    public static var libcurlVersionDescription: String { CurlGlobal.versionDescription }

    public func fetch(_ request: FetchRequest) async throws(FindingError) -> FetchResponse {
        let input = request.url.absoluteString
        if let refusal = settings.policy.refusal(of: input, input: input) { throw refusal }
        let attempt = CurlAttempt(
            url: input,
            input: input,
            method: request.method,
            body: request.method == .post ? (request.body ?? Data()) : nil,
            headerLines: try Self.headerLines(request.headers, input: input),
            maxBytes: max(request.maxBytes ?? configuration.limits.maxFetchBytes, 0),
            settings: settings
        )
        let limits = configuration.limits
        var retry = 0
        while true {
            let result = await perform(attempt)
            let retryAfterSeconds: Int?
            switch result {
            case .response(let response, let retryAfter):
                guard Self.retriedStatuses.contains(response.status), retry < limits.maxRetries else {
                    return response
                }
                retryAfterSeconds = retryAfter
            case .failure(let error, let transient):
                guard transient, retry < limits.maxRetries else {
                    throw retry == 0 ? error : Self.adding(attempts: retry + 1, to: error)
                }
                retryAfterSeconds = nil
            }
            let delay = backoff(retry: retry, retryAfterSeconds: retryAfterSeconds)
            retry += 1
            do {
                try await Task.sleep(for: .milliseconds(delay))
            } catch {
                throw FindingError(.netCancelled, "the fetch was cancelled while waiting to retry", input: input)
            }
        }
    }

    /// Statuses that say "try again later".
    static let retriedStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// The wait before retry number `retry + 1`: base × 2^retry with jitter, or longer if the server asked.
    func backoff(retry: Int, retryAfterSeconds: Int?) -> Int {
        let limits = configuration.limits
        let base = max(limits.retryBaseDelayMilliseconds, 0)
        let exponential = base.multipliedReportingOverflow(by: 1 << min(retry, 30))
        let delay = configuration.retryJitter.apply(
            to: exponential.overflow ? Int.max / 2 : min(exponential.partialValue, Int.max / 2)
        )
        guard let retryAfterSeconds else { return delay }
        let requested = retryAfterSeconds.multipliedReportingOverflow(by: 1000)
        let requestedMilliseconds = requested.overflow ? Int.max : requested.partialValue
        return max(delay, min(requestedMilliseconds, max(limits.maxRetryAfterMilliseconds, 0)))
    }

    private func perform(_ attempt: CurlAttempt) async -> CurlAttemptResult {
        let id = ids.next()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                driver.submit(attempt, id: id, continuation: continuation)
            }
        } onCancel: {
            driver.cancel(id: id)
        }
    }

    /// `Name: value` lines for libcurl, refusing line breaks that would smuggle in extra headers.
    static func headerLines(
        _ headers: [(name: String, value: String)],
        input: String
    ) throws(FindingError) -> [String] {
        try headers.map { (header) throws(FindingError) -> String in
            // Scalars, not Characters: "\r\n" is one Character and would slip past a check for "\r" or "\n".
            let forbidden: (Unicode.Scalar) -> Bool = { $0 == "\r" || $0 == "\n" || $0 == "\0" }
            let nameForbidden: (Unicode.Scalar) -> Bool = { forbidden($0) || $0 == ":" || $0 == " " || $0 == "\t" }
            guard !header.name.isEmpty, !header.name.unicodeScalars.contains(where: nameForbidden),
                !header.value.unicodeScalars.contains(where: forbidden)
            else {
                throw FindingError(
                    .netRequestInvalid,
                    "a request header contains characters that cannot be sent",
                    input: input,
                    details: ["header": header.name]
                )
            }
            // libcurl treats "Name:" as "remove this header"; "Name;" is its spelling for an empty value.
            return header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
    }

    private static func adding(attempts: Int, to error: FindingError) -> FindingError {
        FindingError(error.findings.map { $0.with(detail: "attempts", String(attempts)) })
    }
}

/// Hands out attempt ids, unique within one fetcher, so a cancelled caller can name its attempt to the driver.
///
/// `@unchecked Sendable` because the counter is guarded by the lock.
private final class AttemptIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var last: UInt64 = 0

    func next() -> UInt64 {
        lock.withLock {
            last += 1
            return last
        }
    }
}
