import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

@testable import VouchAttest

@Suite("SBOM predicates")
struct SBOMPredicateTests {
    static let image = try! Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
    static let other = "sha256:" + String(repeating: "cd", count: 32)

    func statement(_ predicateType: String, _ predicate: String) throws -> InTotoStatement {
        let text = """
            {"_type": "https://in-toto.io/Statement/v1",
             "subject": [{"name": "img", "digest": {"sha256": "\(Self.image.hex)"}}],
             "predicateType": "\(predicateType)", "predicate": \(predicate)}
            """
        return try InTotoStatement.parse(Array(text.utf8), input: "s")
    }

    @Test("Syft-style SPDX: the described root package's version and purl carry the image digest")
    func spdx() throws {
        let predicate = """
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT",
             "packages": [
               {"SPDXID": "SPDXRef-DocumentRoot-Image-app", "name": "app", "versionInfo": "\(Self.image)",
                "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:oci/app@sha256%3A\(Self.image.hex)?arch=amd64"}]},
               {"SPDXID": "SPDXRef-Package-x", "name": "x", "versionInfo": "\(Self.other)"}],
             "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                                "relatedSpdxElement": "SPDXRef-DocumentRoot-Image-app"}]}
            """
        let sbom = try SBOMPredicate(try statement("https://spdx.dev/Document/v2.3", predicate))
        #expect(sbom.format == .spdxJSON)
        #expect(sbom.describedDigests == [Self.image])
        #expect(sbom.describedImageCheck(Self.image, input: "s") == nil)
        #expect(sbom.describedImageCheck(try Digest(parsing: Self.other), input: "s")?.code == .sbomImageMismatch)
    }

    @Test("CycloneDX: metadata.component names the image")
    func cycloneDX() throws {
        let predicate = """
            {"bomFormat": "CycloneDX", "specVersion": "1.5",
             "metadata": {"component": {"type": "container", "name": "app", "version": "\(Self.other)"}}}
            """
        let sbom = try SBOMPredicate(try statement("https://cyclonedx.org/bom", predicate))
        #expect(sbom.format == .cycloneDXJSON)
        #expect(sbom.describedImageCheck(Self.image, input: "s")?.code == .sbomImageMismatch)
    }

    @Test("cosign's legacy tag-value SPDX string predicate; an SBOM without a digest is only a note")
    func tagValueAndUnrecorded() throws {
        let sbom = try SBOMPredicate(try statement("https://spdx.dev/Document", #""SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n""#))
        #expect(sbom.format == .spdxTagValue)
        let note = try #require(sbom.describedImageCheck(Self.image, input: "s"))
        #expect(note.code == .sbomImageUnrecorded)
        #expect(note.severity == .info)
        #expect(findingCode { try SBOMPredicate(try statement("https://cyclonedx.org/bom", "\"x\"")) } == .predicateMalformed)
        #expect(findingCode { try SBOMPredicate(try statement("https://slsa.dev/provenance/v1", "{}")) } == .predicateTypeMismatch)
    }
}
