import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

/// The project's signed image layouts in testdata/image, each verified through the built `vouch` as its
/// expectation says. `scripts/make-image-fixtures` re-records them (VOUCH_RECORD_IMAGE_FIXTURES=1): fresh keys,
/// fresh signatures; the recording run fails on purpose so that it is never mistaken for a passing one.
@Suite("recorded image fixtures")
struct ImageFixtureTests {
    static let folder = TestPaths.fixture("image")

    static let expectations: [ImageExpectation] = (try? loadExpectations()) ?? []

    static func loadExpectations() throws -> [ImageExpectation] {
        try JSONDecoder().decode(
            [ImageExpectation].self, from: Data(contentsOf: folder.appendingPathComponent("expectations.json")))
    }

    @Test("record the fixtures (only with VOUCH_RECORD_IMAGE_FIXTURES=1)")
    func record() throws {
        guard ProcessInfo.processInfo.environment["VOUCH_RECORD_IMAGE_FIXTURES"] == "1" else { return }
        try ImageFixtureRecorder.record(to: Self.folder)
        Issue.record("recorded testdata/image; run again without VOUCH_RECORD_IMAGE_FIXTURES to check it")
    }

    @Test("the recording is complete: every fixture folder, with its README and its expectations")
    func complete() throws {
        let recorded = try Self.loadExpectations()
        #expect(Set(recorded.map(\.fixture)) == Set(ImageFixtures.all.map(\.name)))
        for fixture in ImageFixtures.all {
            let layout = Self.folder.appendingPathComponent(fixture.name)
            #expect(FileManager.default.fileExists(atPath: layout.appendingPathComponent("index.json").path))
            #expect(FileManager.default.fileExists(atPath: layout.appendingPathComponent("README.md").path))
        }
    }

    @Test("each fixture gives its verdict and finding codes through vouch verify image", arguments: expectations)
    func expectation(_ expectation: ImageExpectation) throws {
        let run = try ImageCLI.verify(expectation, layout: Self.folder.appendingPathComponent(expectation.fixture).path)
        #expect(run.verdict == expectation.verdict, "\(expectation): \(run.stderr)")
        #expect(run.status == (expectation.verdict == "verified" ? 0 : 1), "\(expectation): \(run.stderr)")
        for code in expectation.codes {
            #expect(run.codes.contains(code), "\(expectation): no \(code) in \(run.codes.sorted())")
        }
        if expectation.verdict != "verified" {
            #expect(run.codes.contains("image.verdict.\(expectation.verdict)"), "\(expectation)")
        }
    }
}

/// Runs `vouch verify image … --format json` and reads what came out.
enum ImageCLI {
    struct Result {
        var status: Int32
        var verdict: String?
        var codes: Set<String>
        var document: JSONCursor?
        var stdout: String
        var stderr: String
    }

    /// `{layout}`, `{keys}` and `{root}` replaced; no trusted root from the environment.
    static func verify(_ expectation: ImageExpectation, layout: String) throws -> Result {
        let keys = TestPaths.fixture("image/keys").path
        let root = TestPaths.fixture("image/trusted_root.json").path
        func resolve(_ text: String) -> String {
            text.replacingOccurrences(of: "{layout}", with: layout).replacingOccurrences(of: "{keys}", with: keys)
                .replacingOccurrences(of: "{root}", with: root)
        }
        return try run(
            ["verify", "image", resolve(expectation.reference)] + expectation.arguments.map(resolve)
                + ["--format", "json", "--time", "2026-03-01T12:00:00Z"])
    }

    static func run(_ arguments: [String]) throws -> Result {
        let run = try VouchProcess.run(arguments, environment: ["VOUCH_TRUSTED_ROOT": ""])
        var result = Result(
            status: run.status, verdict: nil, codes: [], document: nil, stdout: run.stdout, stderr: run.stderr)
        if let document = try? JSONDocument.parse(Data(run.stdout.utf8), input: "stdout") {
            let root = document.cursor
            result.document = root
            result.verdict = try? root.required("result").required("verdict").string()
            let findings = (try? root.required("findings").array()) ?? []
            result.codes = Set(findings.compactMap { try? $0.required("code").string() })
        }
        return result
    }
}
