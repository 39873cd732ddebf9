import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchJSON

/// Replays the fuzz corpus and every crash the fuzzer found (testdata/fuzz/json) with the fuzz target's invariants,
/// the two parsers' agreement among them.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static func inputs() throws -> [String] {
        let directory = TestPaths.fixture("fuzz/json")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 != "README.md" }
            .sorted()
    }

    @Test("each corpus file parses and canonicalizes idempotently, or fails with a finding", arguments: try inputs())
    func replay(_ name: String) throws {
        let bytes = try Data(contentsOf: TestPaths.fixture("fuzz/json/\(name)"))
        #expect(JSONCrossCheck.disagreement(Array(bytes)) == nil)
        var limits = Limits()
        limits.maxJSONDepth = 64
        do {
            let document = try JSONDocument.parse(bytes, input: name, limits: limits)
            let canonical = document.canonicalBytes
            let again = try JSONDocument.parse(canonical, input: "canonical", limits: limits)
            #expect(again.root == document.root)
            #expect(again.canonicalBytes == canonical)
        } catch {
            #expect(!error.findings.isEmpty)
        }
    }
}
