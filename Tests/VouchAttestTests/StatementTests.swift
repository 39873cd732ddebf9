import Foundation
import Testing
import VouchCore
import VouchJSON
import VouchTestSupport

@testable import VouchAttest

@Suite("in-toto statements")
struct StatementTests {
    static let sha256 = String(repeating: "ab", count: 32)
    static let sha512 = String(repeating: "cd", count: 64)

    func statement(_ type: String = "https://in-toto.io/Statement/v1", subjects: String? = nil, predicateType: String = "https://slsa.dev/provenance/v1")
        throws -> InTotoStatement
    {
        let subjectsJSON = subjects ?? #"[{"name": "img", "digest": {"sha256": "\#(Self.sha256)", "sha512": "\#(Self.sha512)"}}]"#
        let text = #"{"_type": "\#(type)", "subject": \#(subjectsJSON), "predicateType": "\#(predicateType)", "predicate": {}}"#
        return try InTotoStatement.parse(Array(text.utf8), input: "s")
    }

    @Test("v1 and v0.1 parse")
    func versions() throws {
        #expect(try statement().version == .v1)
        #expect(try statement("https://in-toto.io/Statement/v0.1").version == .v01)
    }

    @Test("a wrong _type, no subject, no predicateType: attest.statement.malformed with the pointer")
    func malformed() {
        #expect(findingCode { try statement("https://in-toto.io/Statement/v2") } == .statementMalformed)
        #expect(findingCode { try statement(subjects: "[]") } == .statementMalformed)
        #expect(findingCode { try statement(subjects: #"[{"name": "x", "digest": {}}]"#) } == .statementMalformed)
        #expect(findingCode { try statement(predicateType: "") } == .statementMalformed)
        do {
            _ = try InTotoStatement.parse(Array(#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"digest": {"sha256": 1}}], "predicateType": "x"}"#.utf8), input: "s")
        } catch {
            #expect(error.code == .statementMalformed)
            #expect(error.findings[0].location.pointer?.description == "/subject/0/digest/sha256")
        }
    }

    @Test("subjects match by digest under any shared algorithm; a disagreeing algorithm spoils the match")
    func subjectMatching() throws {
        let parsed = try statement()
        #expect(parsed.subjects(matching: [try Digest(parsing: "sha256:" + Self.sha256)]).count == 1)
        #expect(parsed.subjects(matching: [try Digest(parsing: "sha512:" + Self.sha512)]).count == 1)
        #expect(parsed.subjects(matching: [try Digest(parsing: "sha384:" + String(repeating: "0", count: 96))]).isEmpty)
        let other = try Digest(parsing: "sha256:" + String(repeating: "00", count: 32))
        #expect(parsed.subjectMismatch(for: [other], input: "s")?.code == .statementSubjectMismatch)
        let mixed = [try Digest(parsing: "sha256:" + Self.sha256), try Digest(parsing: "sha512:" + String(repeating: "00", count: 64))]
        #expect(parsed.subjects(matching: mixed).isEmpty)
    }

    @Test("predicate type short names and families")
    func predicateTypes() throws {
        #expect(try PredicateTypeMatcher("slsaprovenance").matches("https://slsa.dev/provenance/v0.2"))
        #expect(try PredicateTypeMatcher("slsaprovenance").matches("https://slsa.dev/provenance/v1"))
        #expect(!(try PredicateTypeMatcher("slsaprovenance1").matches("https://slsa.dev/provenance/v0.2")))
        #expect(try PredicateTypeMatcher("spdx").matches("https://spdx.dev/Document/v2.3"))
        #expect(try PredicateTypeMatcher("spdx").matches("https://spdx.dev/Document"))
        #expect(!(try PredicateTypeMatcher("spdx").matches("https://spdx.dev/Documentary")))
        #expect(try PredicateTypeMatcher("cyclonedx").matches("https://cyclonedx.org/bom/v1.5"))
        #expect(try PredicateTypeMatcher("https://example.com/p/v1").matches("https://example.com/p/v1"))
        #expect(!(try PredicateTypeMatcher("https://example.com/p/v1").matches("https://example.com/p/v2")))
        #expect(findingCode { try PredicateTypeMatcher("slsa") } == .predicateTypeMismatch)
    }
}

@Suite("statement limits")
struct StatementLimitTests {
    @Test("more subjects than the limit give attest.statement.too-many-subjects at /subject")
    func tooManySubjects() throws {
        var limits = Limits()
        limits.maxInTotoSubjects = 2
        let subject = #"{"name": "a", "digest": {"sha256": "00"}}"#
        let text = #"{"_type": "https://in-toto.io/Statement/v1", "subject": [\#(subject), \#(subject), \#(subject)], "predicateType": "x"}"#
        do {
            _ = try InTotoStatement.parse(Array(text.utf8), input: "s", limits: limits)
            Issue.record("three subjects accepted with a limit of two")
        } catch {
            #expect(error.code == .statementTooManySubjects)
            #expect(error.findings[0].location.pointer?.description == "/subject")
        }
    }
}
