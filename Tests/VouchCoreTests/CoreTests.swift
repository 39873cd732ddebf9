import Foundation
import Testing
import VouchTestSupport

@testable import VouchCore

@Suite("digests")
struct DigestTests {
    @Test("well-formed digests parse and print back")
    func parses() throws {
        let text = "sha256:" + String(repeating: "ab", count: 32)
        let digest = try Digest(parsing: text)
        #expect(digest.algorithm == .sha256)
        #expect(digest.description == text)
        #expect(digest.bytes.count == 32)
        #expect(try Digest(parsing: "sha512:" + String(repeating: "0", count: 128)).algorithm == .sha512)
    }

    @Test(
        "malformed digests are refused before any use",
        arguments: [
            "sha256", "sha256:", "sha256:abc", "sha256:" + String(repeating: "A", count: 64),
            "sha256:" + String(repeating: "a", count: 63) + "/", "sha256:../" + String(repeating: "a", count: 61),
            ":" + String(repeating: "a", count: 64), "SHA256:" + String(repeating: "a", count: 64),
            "sha256:" + String(repeating: "a", count: 66),
        ]
    )
    func malformed(_ text: String) {
        #expect(throws: FindingError.self) { try Digest(parsing: text) }
        do {
            _ = try Digest(parsing: text)
        } catch {
            #expect(error.code == .digestMalformed || error.code == .digestUnsupportedAlgorithm)
        }
    }

    @Test("an unknown but well-formed algorithm has its own code")
    func unsupported() {
        do {
            _ = try Digest(parsing: "md5:" + String(repeating: "a", count: 32))
            Issue.record("md5 accepted")
        } catch {
            #expect(error.code == .digestUnsupportedAlgorithm)
        }
    }

    @Test("hex round trip")
    func hex() {
        let bytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF]
        #expect(Hex.encode(bytes) == "00017f80ff")
        #expect(Hex.decode("00017F80ff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}

@Suite("time")
struct TimeTests {
    @Test(
        "RFC 3339 timestamps parse to the right instant",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("2024-06-01T00:00:00Z", Int64(1_717_200_000)),
            ("2024-06-01T02:00:00+02:00", Int64(1_717_200_000)),
            ("2024-05-31T19:30:00.999-04:30", Int64(1_717_200_000)),
            ("2000-02-29T12:00:00z", Int64(951_825_600)),
            ("1969-12-31T23:59:59Z", Int64(-1)),
        ]
    )
    func parses(_ sample: (String, Int64)) throws {
        let time = try VerificationTime(rfc3339: sample.0)
        #expect(time.secondsSinceEpoch == sample.1)
    }

    @Test(
        "invalid timestamps are refused",
        arguments: [
            "2024-06-01", "2024-06-01 00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-06-01T24:00:00Z",
            "2024-06-01T00:00:00", "2024-06-01T00:00:00.Z", "2024-06-01T00:00:00Zjunk",
        ]
    )
    func refused(_ text: String) {
        #expect(throws: FindingError.self) { try VerificationTime(rfc3339: text) }
    }

    @Test("formatting round-trips over a wide range")
    func roundTrip() throws {
        for seconds in stride(from: Int64(-2_000_000_000), through: 4_000_000_000, by: 86_399 * 37) {
            let time = VerificationTime(secondsSinceEpoch: seconds)
            #expect(try VerificationTime(rfc3339: time.rfc3339) == time)
        }
    }
}

@Suite("findings and outcomes")
struct OutcomeTests {
    @Test("an outcome keeps every failure")
    func keepsAll() {
        let findings = [
            Finding(.digestMismatch, "a", input: "x"),
            Finding(.digestMalformed, "b", input: "y"),
            Finding(.inputUnreadable, severity: .warning, "c", input: "z"),
        ]
        let outcome = Outcome.judge(1, findings: findings)
        #expect(!outcome.isVerified)
        #expect(outcome.findings.count == 3)
        let passing = Outcome.judge(1, findings: [Finding(.inputUnreadable, severity: .warning, "w", input: "z")])
        #expect(passing.value == 1)
        #expect(passing.findings.count == 1)
    }

    @Test("a failing map turns a verified outcome into a failure")
    func mapFails() {
        let outcome: Outcome<Int> = .verified(1, notes: [])
        let mapped = outcome.map { (_: Int) throws(FindingError) -> Int in
            throw FindingError(.internalError, "boom", input: "x")
        }
        #expect(!mapped.isVerified)
        #expect(mapped.findings.map(\.code) == [.internalError])
    }

    @Test("findings describe their location")
    func describes() {
        let finding = Finding(
            .digestMismatch, "differs",
            at: SourceLocation(
                input: "m.json", pointer: ["layers", "0"], position: TextPosition(line: 3, column: 5, byteOffset: 20)),
            details: ["b": "2", "a": "1"]
        )
        #expect(finding.description == "m.json:3:5#/layers/0: error[digest.mismatch]: differs (a=1, b=2)")
    }
}

@Suite("fetchers")
struct FetcherTests {
    @Test("the fixture fetcher serves registered responses in order and refuses the rest")
    func fixture() async throws {
        let fetcher = FixtureFetcher()
        let url = URL(string: "https://example.test/a")!
        fetcher.register(url, FetchResponse(url: url, status: 500, body: Data()))
        fetcher.register(url, body: Data("ok".utf8))
        #expect(try await fetcher.fetch(FetchRequest(url: url)).status == 500)
        #expect(try await fetcher.fetchBytes(from: url) == Data("ok".utf8))
        #expect(try await fetcher.fetchBytes(from: url) == Data("ok".utf8))
        await #expect(throws: FindingError.self) {
            try await fetcher.fetch(FetchRequest(url: URL(string: "https://example.test/b")!))
        }
        #expect(fetcher.requests.count == 4)
    }

    @Test("the file fetcher reads files under its root only")
    func files() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vouch-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inside = directory.appendingPathComponent("inside.txt")
        try Data("inside".utf8).write(to: inside)
        let link = directory.appendingPathComponent("escape")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        let fetcher = FileFetcher(root: directory)
        #expect(try await fetcher.fetchBytes(from: inside) == Data("inside".utf8))
        do {
            _ = try await fetcher.fetch(FetchRequest(url: link))
            Issue.record("a symbolic link out of the root was followed")
        } catch {
            #expect(error.code == .fetchRefused)
        }
        do {
            _ = try await fetcher.fetch(FetchRequest(url: URL(string: "https://example.test/")!))
            Issue.record("a network URL was fetched offline")
        } catch {
            #expect(error.code == .fetchRefused)
        }
        do {
            _ = try await fetcher.fetch(FetchRequest(url: inside, maxBytes: 3))
            Issue.record("the size limit was ignored")
        } catch {
            #expect(error.code == .inputTooLarge)
        }
    }
}
