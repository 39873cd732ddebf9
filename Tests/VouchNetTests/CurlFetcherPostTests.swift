import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchNet

/// POST bodies through libcurl, against the `/echo` endpoint of scripts/faulty-registry.py on 127.0.0.1.
@Suite("curl POST")
struct CurlFetcherPostTests {
    @Test("a POST sends its body and Content-Type; GET sends none")
    func post() async throws {
        let server = try LoopbackScript(
            script: "faulty-registry.py", arguments: [TestPaths.fixture("oci/image").path])
        var limits = Limits()
        limits.retryBaseDelayMilliseconds = 10
        limits.fetchTimeoutMilliseconds = 10_000
        let fetcher = try CurlFetcher(
            configuration: CurlFetcherConfiguration(
                limits: limits, insecureHosts: [server.hostPort], honourProxyEnvironment: false, retryJitter: .none))
        let url = URL(string: "http://\(server.hostPort)/echo")!
        let form = "grant_type=refresh_token&refresh_token=a%2Bb&scope=repository%3Ax%3Apull"
        let response = try await fetcher.fetch(
            FetchRequest(
                url: url, method: .post,
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                body: Data(form.utf8)))
        #expect(response.status == 200)
        let echoed = try JSONSerialization.jsonObject(with: response.body) as? [String: String]
        #expect(echoed?["method"] == "POST")
        #expect(echoed?["contentType"] == "application/x-www-form-urlencoded")
        #expect(echoed?["body"] == form)

        let empty = try await fetcher.fetch(FetchRequest(url: url, method: .post))
        #expect((try JSONSerialization.jsonObject(with: empty.body) as? [String: String])?["body"] == "")

        // The registry's GET routes refuse this path; a GET is not turned into a POST by a body.
        let get = try await fetcher.fetch(FetchRequest(url: url, body: Data("x".utf8)))
        #expect(get.status == 404)
    }
}
