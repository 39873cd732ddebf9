import Foundation
import Testing
import VouchCore

@testable import VouchNet

/// One test server for the suite; each test uses its own `key` so tests can run in parallel.
private let server = Result { try TestServer() }

private func testServer() throws -> TestServer {
    try server.get()
}

/// A fetcher allowed plain HTTP to the test server only, with short delays, no jitter and no proxy.
private func makeFetcher(
    _ server: TestServer,
    configure: (inout Limits) -> Void = { _ in }
) throws -> CurlFetcher {
    var limits = Limits()
    limits.retryBaseDelayMilliseconds = 10
    limits.fetchTimeoutMilliseconds = 10_000
    configure(&limits)
    return try CurlFetcher(
        configuration: CurlFetcherConfiguration(
            limits: limits,
            insecureHosts: [server.hostPort],
            honourProxyEnvironment: false,
            retryJitter: .none
        )
    )
}

/// How many requests the server saw carrying `key`.
private func hits(_ key: String, on server: TestServer) async throws -> Int {
    let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/stats?key=\(key)")))
    let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Int]
    return try #require(object?["count"])
}

private func uniqueKey() -> String { UUID().uuidString }

/// Runs a fetch that must fail and returns its error.
private func failure(
    _ fetcher: CurlFetcher,
    _ request: FetchRequest,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) async throws -> FindingError {
    do {
        let response = try await fetcher.fetch(request)
        Issue.record(
            "expected a failure, got HTTP \(response.status) with \(response.body.count) bytes",
            sourceLocation: sourceLocation)
        throw TestFailure()
    } catch let error as FindingError {
        return error
    }
}

private struct TestFailure: Error {}

@Suite("CurlFetcher against a local HTTP server")
struct CurlFetcherTests {
    @Test func getsABodyWithStatusHeadersAndFinalURL() async throws {
        let server = try testServer()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/ok")))
        #expect(response.status == 200)
        #expect(response.body == Data("ok\n".utf8))
        #expect(response.header("Content-Type") == "text/plain")
        #expect(response.url == server.url("/ok"))
    }

    @Test func returnsNon2xxStatusesWithoutRetrying() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/status?code=404&key=\(key)")))
        #expect(response.status == 404)
        #expect(try await hits(key, on: server) == 1)
    }

    @Test func retriesA500ThenSucceeds() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/flaky?key=\(key)")))
        #expect(response.status == 200)
        #expect(response.body == Data("recovered\n".utf8))
        #expect(try await hits(key, on: server) == 2)
    }

    @Test func honoursRetryAfter() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/retry-after?key=\(key)")))
        let elapsed = clock.now - start
        #expect(response.status == 200)
        #expect(elapsed >= .milliseconds(950), "Retry-After: 1 asks for a second; waited \(elapsed)")
        #expect(try await hits(key, on: server) == 2)
    }

    @Test func honoursRetryAfterAsAnHTTPDate() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let clock = ContinuousClock()
        let start = clock.now
        let request = FetchRequest(url: server.url("/retry-after?key=\(key)&date=1"))
        let response = try await makeFetcher(server).fetch(request)
        let elapsed = clock.now - start
        #expect(response.status == 200)
        #expect(
            elapsed >= .milliseconds(900), "Retry-After two seconds ahead at one-second resolution; waited \(elapsed)")
        #expect(try await hits(key, on: server) == 2)
    }

    @Test func capsRetryAfterAtTheLimit() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let fetcher = try makeFetcher(server) { $0.maxRetryAfterMilliseconds = 50 }
        let clock = ContinuousClock()
        let start = clock.now
        // The server asks for 60 s; capped at 50 ms the retry comes far sooner, even on a loaded machine.
        let response = try await fetcher.fetch(
            FetchRequest(url: server.url("/retry-after?key=\(key)&seconds=60")))
        #expect(response.status == 200)
        #expect(clock.now - start < .seconds(30))
    }

    @Test func returnsThe500AfterTheLastRetry() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let fetcher = try makeFetcher(server) { $0.maxRetries = 2 }
        let response = try await fetcher.fetch(FetchRequest(url: server.url("/always500?key=\(key)")))
        #expect(response.status == 500)
        #expect(try await hits(key, on: server) == 3)
    }

    @Test func timesOutOnAServerThatNeverAnswers() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server) {
            $0.fetchTimeoutMilliseconds = 300
            $0.maxRetries = 0
        }
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await failure(fetcher, FetchRequest(url: server.url("/hang")))
        #expect(error.code == .netTimeout)
        #expect(error.findings[0].location.input == server.url("/hang").absoluteString)
        #expect(error.findings[0].details["curl"] != nil)
        // /hang never answers: any bound proves the timeout; a loose one survives a loaded machine.
        #expect(clock.now - start < .seconds(20))
    }

    @Test func failsWhenTheConnectionClosesMidBodyAfterRetrying() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let fetcher = try makeFetcher(server) { $0.maxRetries = 1 }
        let error = try await failure(fetcher, FetchRequest(url: server.url("/close-mid-body?key=\(key)")))
        #expect(error.code == .netTransferFailed)
        #expect(error.findings[0].details["attempts"] == "2")
        #expect(error.findings[0].details["reason"] != nil)
        #expect(try await hits(key, on: server) == 2)
    }

    @Test func followsARedirectChainAndKeepsOnlyTheFinalHeaders() async throws {
        let server = try testServer()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/redirect-chain?n=3")))
        #expect(response.status == 200)
        #expect(response.url == server.url("/ok"))
        #expect(response.headers["location"] == nil)
        #expect(response.headers["content-length"] == ["3"])
    }

    @Test func stopsARedirectLoop() async throws {
        let server = try testServer()
        let error = try await failure(try makeFetcher(server), FetchRequest(url: server.url("/redirect-loop")))
        #expect(error.code == .netTooManyRedirects)
    }

    @Test func honoursTheRedirectLimit() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server) { $0.maxRedirects = 2 }
        let error = try await failure(fetcher, FetchRequest(url: server.url("/redirect-chain?n=3")))
        #expect(error.code == .netTooManyRedirects)
        let response = try await fetcher.fetch(FetchRequest(url: server.url("/redirect-chain?n=1")))
        #expect(response.status == 200)
    }

    @Test(arguments: ["/big-declared?size=100000", "/big?size=100000"])
    func refusesABodyOverTheLimit(path: String) async throws {
        let server = try testServer()
        let error = try await failure(try makeFetcher(server), FetchRequest(url: server.url(path), maxBytes: 1000))
        #expect(error.code == .netBodyTooLarge)
        #expect(error.findings[0].details["limit"] == "1000")
    }

    @Test func appliesTheFetcherWideBodyLimit() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server) { $0.maxFetchBytes = 4096 }
        let error = try await failure(fetcher, FetchRequest(url: server.url("/big?size=4097")))
        #expect(error.code == .netBodyTooLarge)
    }

    @Test(arguments: ["/big-declared?size=5000", "/big?size=5000"])
    func acceptsABodyExactlyAtTheLimit(path: String) async throws {
        let server = try testServer()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url(path), maxBytes: 5000))
        #expect(response.body.count == 5000)
    }

    @Test func refusesPlainHTTPByDefault() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let fetcher = try CurlFetcher(configuration: CurlFetcherConfiguration(honourProxyEnvironment: false))
        let error = try await failure(fetcher, FetchRequest(url: server.url("/ok?key=\(key)")))
        #expect(error.code == .netPlainHTTPRefused)
        #expect(try await hits(key, on: server) == 0)
    }

    @Test func allowsPlainHTTPEverywhereWhenConfigured() async throws {
        let server = try testServer()
        let fetcher = try CurlFetcher(
            configuration: CurlFetcherConfiguration(allowPlainHTTP: true, honourProxyEnvironment: false)
        )
        let response = try await fetcher.fetch(FetchRequest(url: server.url("/ok")))
        #expect(response.status == 200)
    }

    @Test func refusesARedirectToAPlainHTTPHostNotAllowed() async throws {
        let server = try testServer()
        let key = uniqueKey()
        let target = "http://localhost:\(server.port)/ok?key=\(key)"
        let url = server.url("/redirect-to?url=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        let error = try await failure(try makeFetcher(server), FetchRequest(url: url))
        #expect(error.code == .netPlainHTTPRefused)
        #expect(try await hits(key, on: server) == 0)
    }

    @Test func refusesARedirectToAnotherScheme() async throws {
        let server = try testServer()
        let url = server.url("/redirect-to?url=ftp%3A%2F%2F127.0.0.1%2Fx")
        let error = try await failure(try makeFetcher(server), FetchRequest(url: url))
        #expect(error.code == .netProtocolRefused)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/file", "gopher://127.0.0.1/"])
    func refusesSchemesOtherThanHTTPS(url: String) async throws {
        let fetcher = try CurlFetcher(configuration: CurlFetcherConfiguration(allowPlainHTTP: true))
        let error = try await failure(fetcher, FetchRequest(url: URL(string: url)!))
        #expect(error.code == .netProtocolRefused)
    }

    @Test func failsTLSToAPlainHTTPPort() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server) { $0.maxRetries = 0 }
        let error = try await failure(fetcher, FetchRequest(url: server.httpsURL("/ok")))
        #expect(error.code == .netTLSFailed)
        #expect(error.findings[0].details["reason"] != nil)
    }

    /// A host name with a 64-character label cannot be put into a DNS query (labels end at 63), so the system resolver
    /// fails it after reading /etc/hosts, without sending anything: the test stays off the network.
    @Test func reportsAHostThatCannotBeResolved() async throws {
        let host = String(repeating: "a", count: 64) + ".invalid"
        let fetcher = try CurlFetcher(
            configuration: CurlFetcherConfiguration(
                limits: {
                    var limits = Limits(); limits.maxRetries = 1; limits.retryBaseDelayMilliseconds = 10; return limits
                }(),
                honourProxyEnvironment: false
            )
        )
        let error = try await failure(fetcher, FetchRequest(url: URL(string: "https://\(host)/")!))
        #expect(error.code == .netDNSFailed, "\(error)")
        #expect(error.findings[0].location.input.contains(host))
    }

    @Test func failsToConnectToAClosedPort() async throws {
        let fetcher = try CurlFetcher(
            configuration: CurlFetcherConfiguration(
                limits: {
                    var limits = Limits(); limits.maxRetries = 1; limits.retryBaseDelayMilliseconds = 10; return limits
                }(),
                insecureHosts: ["127.0.0.1:1"],
                honourProxyEnvironment: false
            )
        )
        let error = try await failure(fetcher, FetchRequest(url: URL(string: "http://127.0.0.1:1/")!))
        #expect(error.code == .netConnectFailed)
        #expect(error.findings[0].details["attempts"] == "2")
    }

    @Test func sendsHEADAndIgnoresTheDeclaredLength() async throws {
        let server = try testServer()
        let request = FetchRequest(url: server.url("/big-declared?size=10000000"), method: .head, maxBytes: 1000)
        let response = try await makeFetcher(server).fetch(request)
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("content-length") == "10000000")
    }

    @Test func sendsRequestHeadersAndTheUserAgent() async throws {
        let server = try testServer()
        let request = FetchRequest(
            url: server.url("/headers"),
            headers: [(name: "X-Vouch-Test", value: "yes"), (name: "Accept", value: "application/json")]
        )
        let response = try await makeFetcher(server).fetch(request)
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: [String]])
        #expect(echoed["x-vouch-test"] == ["yes"])
        #expect(echoed["accept"] == ["application/json"])
        let userAgent = try #require(echoed["user-agent"]?.first)
        #expect(userAgent.hasPrefix("vouch/"))
        #expect(userAgent.hasSuffix("libcurl/\(CurlFetcher.libcurlVersion)"))
    }

    @Test func keepsRepeatedResponseHeaders() async throws {
        let server = try testServer()
        let response = try await makeFetcher(server).fetch(FetchRequest(url: server.url("/set-headers")))
        #expect(response.headers["x-multi"] == ["one", "two"])
    }

    @Test func refusesHeadersThatWouldInjectLines() async throws {
        let server = try testServer()
        let request = FetchRequest(url: server.url("/ok"), headers: [(name: "X-A", value: "b\r\nX-Injected: c")])
        let error = try await failure(try makeFetcher(server), request)
        #expect(error.code == .netRequestInvalid)
    }

    @Test func cancellationEndsAHangingFetch() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server)
        let task = Task { try await fetcher.fetch(FetchRequest(url: server.url("/hang"))) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let clock = ContinuousClock()
        let start = clock.now
        let result = await task.result
        #expect(clock.now - start < .seconds(20), "/hang never answers; only cancellation ends the fetch")
        guard case .failure(let error as FindingError) = result else {
            Issue.record("expected a FindingError, got \(result)")
            return
        }
        #expect(error.code == .netCancelled)
    }

    @Test func runsFiftyFetchesConcurrently() async throws {
        let server = try testServer()
        // 50 in flight at once; the default bound (16) would run them in four waves of 200 ms.
        let fetcher = try makeFetcher(server) { $0.maxConcurrentFetches = 50 }
        let clock = ContinuousClock()
        let start = clock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await fetcher.fetch(FetchRequest(url: server.url("/slow"))).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let elapsed = clock.now - start
        print("50 concurrent fetches of /slow took \(elapsed)")
        #expect(statuses == Array(repeating: 200, count: 50))
        // Not a benchmark: a loose bound that only a serialising fetcher (10 s) would miss.
        #expect(elapsed < .seconds(7), "sequential would take 10 s")
    }

    @Test func boundsTheFetchesInFlight() async throws {
        let server = try testServer()
        let fetcher = try makeFetcher(server) { $0.maxConcurrentFetches = 1 }
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { _ = try await fetcher.fetch(FetchRequest(url: server.url("/slow"))) }
            }
            try await group.waitForAll()
        }
        #expect(clock.now - start >= .milliseconds(780), "four 200 ms fetches one at a time")
    }
}

@Suite("CurlFetcher without a network")
struct CurlFetcherOfflineTests {
    @Test func reportsTheLibcurlVersion() {
        #expect(CurlFetcher.libcurlVersion.split(separator: ".").count == 3)
        #expect(CurlFetcher.libcurlVersionDescription.hasPrefix("libcurl/"))
        #expect(CurlFetcherConfiguration().userAgent == "vouch/dev libcurl/\(CurlFetcher.libcurlVersion)")
    }

    @Test func backsOffExponentiallyAndHonoursRetryAfterUpToTheCap() throws {
        var limits = Limits()
        limits.retryBaseDelayMilliseconds = 100
        limits.maxRetryAfterMilliseconds = 5000
        let fetcher = try CurlFetcher(configuration: CurlFetcherConfiguration(limits: limits, retryJitter: .none))
        #expect(fetcher.backoff(retry: 0, retryAfterSeconds: nil) == 100)
        #expect(fetcher.backoff(retry: 1, retryAfterSeconds: nil) == 200)
        #expect(fetcher.backoff(retry: 2, retryAfterSeconds: nil) == 400)
        #expect(fetcher.backoff(retry: 0, retryAfterSeconds: 2) == 2000)
        #expect(fetcher.backoff(retry: 0, retryAfterSeconds: 3600) == 5000)
        #expect(fetcher.backoff(retry: 100, retryAfterSeconds: nil) > 0)
    }

    @Test func equalJitterStaysBetweenHalfAndAllOfTheDelay() {
        for _ in 0..<200 {
            let delay = RetryJitter.equal.apply(to: 1000)
            #expect((500...1000).contains(delay))
        }
    }
}

/// HTTPS servers with self-signed certificates: verification is always on, so trust must be given explicitly.
@Suite("CurlFetcher over TLS")
struct CurlFetcherTLSTests {
    private static let ipCertificate = Result { try TestCertificate(subjectAltName: "IP:127.0.0.1") }
    private static let ipServer = Result { try TestServer(tls: try ipCertificate.get().tls) }
    private static let nameCertificate = Result { try TestCertificate(subjectAltName: "DNS:vouch.test") }
    private static let nameServer = Result { try TestServer(tls: try nameCertificate.get().tls) }

    private func fetcher(caBundlePath: String?) throws -> CurlFetcher {
        var limits = Limits()
        limits.maxRetries = 0
        return try CurlFetcher(
            configuration: CurlFetcherConfiguration(
                limits: limits,
                caBundlePath: caBundlePath,
                honourProxyEnvironment: false
            )
        )
    }

    @Test func fetchesOverHTTPSWithTheGivenCABundle() async throws {
        let server = try Self.ipServer.get()
        let fetcher = try fetcher(caBundlePath: try Self.ipCertificate.get().certificatePath)
        let response = try await fetcher.fetch(FetchRequest(url: server.url("/ok")))
        #expect(response.status == 200)
        #expect(response.body == Data("ok\n".utf8))
    }

    @Test func refusesACertificateThatIsNotTrusted() async throws {
        let server = try Self.ipServer.get()
        let bundle = try Self.nameCertificate.get().certificatePath  // a valid bundle, but not this server's issuer
        let error = try await failure(try fetcher(caBundlePath: bundle), FetchRequest(url: server.url("/ok")))
        #expect(error.code == .netTLSFailed)
    }

    @Test func refusesACertificateForAnotherHost() async throws {
        let server = try Self.nameServer.get()
        let fetcher = try fetcher(caBundlePath: try Self.nameCertificate.get().certificatePath)
        let error = try await failure(fetcher, FetchRequest(url: server.url("/ok")))
        #expect(error.code == .netTLSFailed)
    }

    @Test func refusesPlainHTTPToATLSServerHostEvenWithHTTPSAllowed() async throws {
        let server = try Self.ipServer.get()
        let plain = URL(string: "http://127.0.0.1:\(server.port)/ok")!
        let error = try await failure(try fetcher(caBundlePath: nil), FetchRequest(url: plain))
        #expect(error.code == .netPlainHTTPRefused)
    }
}
