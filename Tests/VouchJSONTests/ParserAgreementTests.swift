import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchJSON

/// The Swift parser decides what is JSON; jansson reads the same bytes independently. These tests hold the two to one
/// verdict on edge cases of the grammar and on every JSON file of the external suites and of testdata.
@Suite("the Swift parser and jansson agree")
struct ParserAgreementTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let valid: Bool
        var testDescription: String { name }
    }

    static func text(_ name: String, _ text: String, valid: Bool) -> Sample {
        Sample(name: name, bytes: Array(text.utf8), valid: valid)
    }

    static let samples: [Sample] = [
        text("leading zero", "[01]", valid: false),
        text("negative zero", "-0", valid: true),
        text("bare minus", "-", valid: false),
        text("fraction without digits", "1.", valid: false),
        text("fraction without integer", ".5", valid: false),
        text("plus sign", "+1", valid: false),
        text("hexadecimal", "0x10", valid: false),
        text("exponent without digits", "1e", valid: false),
        text("exponent sign only", "1e+", valid: false),
        text("underflow to zero", "1e-400", valid: true),
        text("overflow", "-1e400", valid: false),
        text("long integer", "123456789012345678901234567890", valid: true),
        text("trailing comma in array", "[1,]", valid: false),
        text("trailing comma in object", #"{"a":1,}"#, valid: false),
        text("leading comma", "{,}", valid: false),
        text("truncated literal", "tru", valid: false),
        text("capitalised literal", "True", valid: false),
        text("NaN", "NaN", valid: false),
        text("Infinity", "[Infinity]", valid: false),
        text("single quotes", "['a']", valid: false),
        text("comment", "[1] // no", valid: false),
        text("raw tab in a string", "[\"a\tb\"]", valid: false),
        text("raw DEL in a string", "[\"a\u{7F}b\"]", valid: true),
        text("escaped U+0000 in a value", #"["a\u0000b"]"#, valid: true),
        text("escaped U+0000 in a key", #"{"a\u0000b": 1}"#, valid: false),
        text("surrogate pair", #"["\uD834\uDD1E"]"#, valid: true),
        text("lone high surrogate", #"["\uD834"]"#, valid: false),
        text("lone low surrogate", #"["\uDD1E"]"#, valid: false),
        text("high surrogate then a letter", #"["\uD834x"]"#, valid: false),
        text("short \\u escape", #"["\u12"]"#, valid: false),
        text("unknown escape", #"["\x41"]"#, valid: false),
        text("duplicate keys", #"{"a":1,"a":1}"#, valid: false),
        text("duplicate keys spelt differently", #"{"a":1,"\u0061":2}"#, valid: false),
        text("keys that differ in case", #"{"a":1,"A":2}"#, valid: true),
        text("whitespace only", " \n\t ", valid: false),
        text("scalar at the top", " \"x\" ", valid: true),
        text("two values", "1 2", valid: false),
        text("form feed as whitespace", "[1,\u{0C}2]", valid: false),
        Sample(name: "byte order mark", bytes: [0xEF, 0xBB, 0xBF] + Array("[]".utf8), valid: false),
        Sample(name: "overlong encoding", bytes: Array("[\"".utf8) + [0xC0, 0x80] + Array("\"]".utf8), valid: false),
        Sample(name: "encoded surrogate", bytes: Array("[\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"]".utf8), valid: false),
        Sample(name: "beyond U+10FFFF", bytes: Array("[\"".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("\"]".utf8), valid: false),
        Sample(name: "stray continuation byte", bytes: Array("[\"".utf8) + [0x80] + Array("\"]".utf8), valid: false),
        Sample(name: "NUL outside a string", bytes: [0x5B, 0x00, 0x5D], valid: false),
        Sample(name: "four-byte scalar", bytes: Array("[\"".utf8) + [0xF0, 0x9F, 0x98, 0x80] + Array("\"]".utf8), valid: true),
    ]

    @Test("edge cases of the grammar get the same verdict from both", arguments: samples)
    func edgeCases(_ sample: Sample) {
        #expect(JSONCrossCheck.disagreement(sample.bytes) == nil)
        let swift = (try? JSONDocument.parse(sample.bytes, input: "sample")) != nil
        #expect(swift == sample.valid)
    }

    @Test("a NUL byte right after a number or literal: jansson's leniency is known, the Swift parser refuses")
    func nulAfterNumber() {
        for bytes: [UInt8] in [[0x32, 0x00], [0x5B, 0x31, 0x00, 0x5D], Array("false".utf8) + [0], Array("{\"a\":1".utf8) + [0, 0x7D]] {
            #expect(JSONDocument.secondOpinion(bytes, input: "x") == nil, "jansson 2.14 accepts it")
            #expect((try? JSONDocument.parse(bytes, input: "x")) == nil)
            #expect(JSONCrossCheck.hasKnownJanssonLeniency(bytes))
            #expect(JSONCrossCheck.disagreement(bytes) == nil)
        }
    }

    @Test("a refusal carries jansson's reading of the same error")
    func secondOpinionDetail() {
        let error = #expect(throws: FindingError.self) {
            try JSONDocument.parse(Array("{\n  \"a\": 1,\n  \"b\" 2\n}".utf8), input: "sample.json")
        }
        let detail = error?.findings.first?.details["jansson"] ?? ""
        #expect(detail.hasPrefix("3:"), "jansson's position leads the detail: \(detail)")
    }

    @Test("every JSON file of the external suites and of testdata gets the same verdict from both")
    func corpora() throws {
        var roots = [TestPaths.testdata]
        roots.append(try TestPaths.externalSuite("."))
        var checked = 0
        for root in roots {
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = walker?.nextObject() as? URL {
                let ext = url.pathExtension
                guard ext == "json" || ext == "jsonl" || url.lastPathComponent.hasSuffix(".sigstore.json") else { continue }
                guard let bytes = try? Data(contentsOf: url), bytes.count <= 16 << 20 else { continue }
                let lines = ext == "jsonl" ? bytes.split(separator: 0x0A).map(Array.init) : [Array(bytes)]
                for line in lines {
                    if let disagreement = JSONCrossCheck.disagreement(line) {
                        Issue.record("\(url.path): \(disagreement)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 500, "only \(checked) JSON documents found")
    }
}
