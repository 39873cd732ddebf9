import Foundation
import Testing
import VouchTestSupport

/// Every finding code VouchImage declares is produced by at least one case that asserts it: a recorded fixture's
/// expectation, an oci-cosign case, or one of the unit tests named here.
@Suite("image finding codes are all exercised")
struct ImageCodeCoverageTests {
    /// Codes asserted by unit tests rather than recorded fixtures, with the test that asserts each.
    static let unitTested: [String: String] = [
        "image.directory.invalid": "DirectoryImageTests.notAnImage",
        "image.discovery.incomplete": "RegistryStoreTests.listingFailed, ImageCLITests.referrersDown",
        "image.signature.format-unsupported": "DirectoryImageTests.otherFormats",
        "image.unsafe.sct-ignored": "ImageCLITests.unsafe",
    ]

    @Test("each declared image.* code has a case")
    func covered() throws {
        let source = try String(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Sources/VouchImage/FindingCode+Image.swift"),
            encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"FindingCode\("([a-z0-9.\-]+)"\)"#)
        let declared = Set(
            pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).map {
                String(source[Range($0.range(at: 1), in: source)!])
            })
        #expect(declared.count >= 25)
        let expectations = try ImageFixtureTests.loadExpectations()
        var exercised = Set(expectations.flatMap(\.codes))
        exercised.formUnion(expectations.filter { $0.verdict != "verified" }.map { "image.verdict.\($0.verdict)" })
        exercised.formUnion(try OCICosignSuiteTests.expectedCodes().values)
        exercised.formUnion(Self.unitTested.keys)
        #expect(declared.subtracting(exercised).isEmpty, "no case for \(declared.subtracting(exercised).sorted())")
    }
}
