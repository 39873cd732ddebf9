import Foundation
import Testing
import VouchTestSupport

/// docs/findings.md and the code must name the same finding codes: every code declared in Sources/ is documented,
/// and every documented code exists.
@Suite("findings catalogue")
struct FindingCatalogTests {
    static func codesInSources() throws -> Set<String> {
        let sources = TestPaths.repositoryRoot.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"FindingCode\("([a-z0-9.\-]+)"\)"#)
        var codes = Set<String>()
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            // Doc comments show example codes; only code counts.
            let text = try String(contentsOf: url, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                .joined(separator: "\n")
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                codes.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return codes
    }

    /// Codes are the first cell of table rows: "| `code` | meaning | remedy |".
    static func codesInCatalogue() throws -> Set<String> {
        let url = TestPaths.repositoryRoot.appendingPathComponent("docs/findings.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"(?m)^\| `([a-z0-9.\-]+)` \|"#)
        return Set(
            pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            })
    }

    @Test("every code in the sources is documented")
    func documented() throws {
        let missing = try Self.codesInSources().subtracting(try Self.codesInCatalogue())
        #expect(missing.isEmpty, "not in docs/findings.md: \(missing.sorted())")
    }

    @Test("every documented code exists in the sources")
    func exists() throws {
        let stale = try Self.codesInCatalogue().subtracting(try Self.codesInSources())
        #expect(stale.isEmpty, "documented but not in Sources/: \(stale.sorted())")
    }

    @Test("codes are dotted lowercase names")
    func shape() throws {
        for code in try Self.codesInSources() {
            #expect(code.split(separator: ".").count >= 2, "\(code) has no domain prefix")
        }
    }
}
