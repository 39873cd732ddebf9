import Foundation
import Testing
import VouchTestSupport

@testable import VouchCore

/// Negative cases that assert the exact code of findings the other Core tests only see thrown.
@Suite("core finding codes")
struct NegativeCodeTests {
    @Test("malformed times, pointers and a required fetch that returns 404 give their codes")
    func codes() async throws {
        #expect(findingCode { try VerificationTime(rfc3339: "2024-13-01T00:00:00Z") } == .timeMalformed)
        #expect(findingCode { try JSONPointer(parsing: "/a~2") } == .pointerMalformed)
        let fetcher = FixtureFetcher()
        let url = URL(string: "https://example.test/missing")!
        fetcher.register(url, FetchResponse(url: url, status: 404, body: Data()))
        do {
            _ = try await fetcher.fetchBytes(from: url)
            Issue.record("a 404 was accepted")
        } catch {
            #expect(error.code == .fetchHTTPStatus)
            #expect(error.findings[0].details["status"] == "404")
            #expect(error.findings[0].location.input == url.absoluteString)
        }
    }
}
