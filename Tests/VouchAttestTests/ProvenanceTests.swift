import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

@testable import VouchAttest

/// The SLSA provenance attached by `cosign save` to the real images in ../shared/testsuites/oci-cosign, checked with
/// the builder, source, branch and tag requirements of each case (signatures are the image verifier's job).
@Suite("SLSA provenance policy on real attestations")
struct ProvenanceTests {
    static func cases() throws -> [ExternalCase] {
        try ExternalCase.all(in: "oci-cosign").filter { $0.kind == "oci-layout-slsa-provenance" }
    }

    /// The DSSE envelope of the layout's `dev.cosignproject.cosign/atts` manifest.
    static func provenance(in layout: URL) throws -> SLSAProvenance {
        func json(_ url: URL) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
        func blob(_ digest: String) -> URL {
            layout.appendingPathComponent("blobs/sha256/" + digest.dropFirst("sha256:".count))
        }
        let index = try json(layout.appendingPathComponent("index.json"))
        let manifests = try #require(index["manifests"] as? [[String: Any]])
        let atts = try #require(manifests.first {
            (($0["annotations"] as? [String: String])?["kind"] ?? "").hasSuffix("/atts")
        })
        let manifest = try json(blob(try #require(atts["digest"] as? String)))
        let layer = try #require((manifest["layers"] as? [[String: Any]])?.first)
        let envelopeURL = blob(try #require(layer["digest"] as? String))
        let envelope = try DSSEEnvelope.parse(try Data(contentsOf: envelopeURL), input: envelopeURL.path)
        let statement = try InTotoStatement.parse(envelope.payload, input: envelopeURL.path)
        return try SLSAProvenance(statement)
    }

    @Test("each case's requirements pass or fail as slsa-verifier decides", arguments: try cases())
    func policy(_ suiteCase: ExternalCase) throws {
        let layout = try TestPaths.externalSuite("oci-cosign").appendingPathComponent(
            try #require(suiteCase.args["layout_dir"] as? String))
        let provenance = try Self.provenance(in: layout)
        #expect(provenance.version == .v02)
        let policy = ProvenancePolicy(
            builderID: suiteCase.args["builder_id"] as? String,
            sourceURI: suiteCase.args["source_uri"] as? String,
            sourceTag: suiteCase.args["source_tag"] as? String,
            sourceBranch: suiteCase.args["source_branch"] as? String)
        let findings = policy.check(provenance)
        if suiteCase.expect == "pass" {
            #expect(findings.isEmpty, "\(suiteCase.id): \(findings)")
        } else {
            #expect(!findings.isEmpty, "\(suiteCase.id) passed")
            let expected: FindingCode =
                suiteCase.id.hasSuffix("untrusted-builder") ? .provenanceBuilderMismatch
                : suiteCase.id.hasSuffix("wrong-branch") ? .provenanceBranchMismatch
                : suiteCase.id.hasSuffix("tag-required") ? .provenanceTagMismatch
                : .provenanceSourceMismatch
            #expect(findings.map(\.code) == [expected], "\(suiteCase.id)")
        }
    }

    @Test("the builder id matches by name, and by version in either tag form")
    func builderIDs() {
        let recorded = "https://github.com/o/g/.github/workflows/b.yml@refs/tags/v1.2.0"
        #expect(ProvenancePolicy.builder(recorded, matches: "https://github.com/o/g/.github/workflows/b.yml"))
        #expect(ProvenancePolicy.builder(recorded, matches: "https://github.com/o/g/.github/workflows/b.yml@v1.2.0"))
        #expect(ProvenancePolicy.builder(recorded, matches: recorded))
        #expect(!ProvenancePolicy.builder(recorded, matches: "https://github.com/o/g/.github/workflows/b.yml@v1.2.1"))
        #expect(!ProvenancePolicy.builder(recorded, matches: "https://github.com/o/g/.github/workflows/b.ym"))
    }

    @Test("repositories compare after normalization only")
    func repositories() {
        for form in ["github.com/o/r", "https://github.com/o/r", "git+https://github.com/o/r@refs/heads/main",
                     "https://github.com/o/r.git", "git+https://github.com/o/r.git@refs/tags/v1"] {
            #expect(SLSAProvenance.normalizedRepository(form) == "github.com/o/r", "\(form)")
        }
        #expect(SLSAProvenance.normalizedRepository("github.com/o/r2") != "github.com/o/r")
    }

    @Test("SLSA v1 provenance from a GitHub generator")
    func v1() throws {
        let text = """
            {"_type": "https://in-toto.io/Statement/v1",
             "subject": [{"name": "a", "digest": {"sha256": "\(String(repeating: "1", count: 64))"}}],
             "predicateType": "https://slsa.dev/provenance/v1",
             "predicate": {
               "buildDefinition": {
                 "buildType": "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                 "externalParameters": {"workflow": {"ref": "refs/tags/v2.0.0", "repository": "https://github.com/o/r", "path": ".github/workflows/r.yml"}},
                 "resolvedDependencies": [{"uri": "git+https://github.com/o/r@refs/tags/v2.0.0", "digest": {"gitCommit": "abc"}}]},
               "runDetails": {"builder": {"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0"},
                              "metadata": {"invocationId": "https://github.com/o/r/actions/runs/1/attempts/1"}}}}
            """
        let provenance = try SLSAProvenance(try InTotoStatement.parse(Array(text.utf8), input: "v1"))
        #expect(provenance.version == .v1)
        #expect(provenance.sourceRef == "refs/tags/v2.0.0")
        let pass = ProvenancePolicy(
            builderID: "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0",
            sourceURI: "github.com/o/r", sourceTag: "v2.0.0")
        #expect(pass.check(provenance).isEmpty)
        let branch = ProvenancePolicy(sourceBranch: "main").check(provenance)
        #expect(branch.map(\.code) == [.provenanceFieldMissing])
    }

    @Test("a provenance without builder.id is malformed, with the pointer")
    func malformedProvenance() throws {
        let text = #"{"_type": "https://in-toto.io/Statement/v0.1", "subject": [{"name": "a", "digest": {"sha256": "00"}}], "predicateType": "https://slsa.dev/provenance/v0.2", "predicate": {"builder": {}, "buildType": "x"}}"#
        let statement = try InTotoStatement.parse(Array(text.utf8), input: "p")
        do {
            _ = try SLSAProvenance(statement)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .predicateMalformed)
            #expect(error.findings[0].location.pointer?.description == "/predicate/builder")
        }
    }
}
