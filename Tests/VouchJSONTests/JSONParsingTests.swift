import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchJSON

@Suite("strict JSON parsing with positions")
struct JSONParsingTests {
    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let code: FindingCode
        let line: Int
        let column: Int
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "truncated", bytes: Array("{\"a\": [1, 2".utf8), code: .jsonTruncated, line: 1, column: 12),
        Malformed(
            name: "duplicate key", bytes: Array("{\"a\": 1,\n  \"a\": 2}".utf8), code: .jsonDuplicateKey, line: 2,
            column: 5),
        Malformed(
            name: "invalid UTF-8", bytes: [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D], code: .jsonInvalidUTF8, line: 1,
            column: 3),
        Malformed(
            name: "huge number", bytes: Array("[1, 2,\n 1e400]".utf8), code: .jsonNumberOutOfRange, line: 2, column: 2),
        Malformed(
            name: "syntax", bytes: Array("{\n  \"a\": 1,\n  \"b\" 2\n}".utf8), code: .jsonSyntax, line: 3, column: 7),
        Malformed(name: "trailing content", bytes: Array("{} {}".utf8), code: .jsonTrailingContent, line: 1, column: 4),
        Malformed(name: "empty", bytes: [], code: .jsonTruncated, line: 1, column: 1),
        Malformed(name: "NUL in key", bytes: Array(#"{"a\u0000b": 1}"#.utf8), code: .jsonNulInKey, line: 1, column: 2),
    ]

    @Test("each kind of malformed input has its own code and position", arguments: malformed)
    func malformedInputs(_ sample: Malformed) {
        #expect {
            _ = try JSONDocument.parse(sample.bytes, input: "sample.json")
        } throws: { error in
            guard let error = error as? FindingError else { return false }
            let finding = error.findings[0]
            #expect(finding.code == sample.code)
            #expect(finding.location.input == "sample.json")
            // Values and keys are reported where they start; a syntax error where the parser stopped.
            #expect(finding.location.position?.line == sample.line)
            #expect(
                abs((finding.location.position?.column ?? -100) - sample.column) <= 2,
                "column \(String(describing: finding.location.position))")
            return true
        }
    }

    @Test("100,000 levels of nesting give json.too-deep, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: FindingError.self) { try JSONDocument.parse(deep, input: "deep") }
        do {
            _ = try JSONDocument.parse(deep, input: "deep")
        } catch {
            #expect(error.code == .jsonTooDeep)
        }
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        do {
            _ = try JSONDocument.parse(objects, input: "deep")
            Issue.record("deep objects parsed")
        } catch {
            #expect(error.code == .jsonTooDeep)
        }
    }

    @Test("the configured depth limit applies below jansson's")
    func depthLimit() throws {
        var limits = Limits()
        limits.maxJSONDepth = 3
        #expect(try JSONDocument.parse("[[[1]]]", input: "t", limits: limits).root.value != .null)
        do {
            _ = try JSONDocument.parse("[[[[1]]]]", input: "t", limits: limits)
            Issue.record("depth 4 accepted with limit 3")
        } catch {
            #expect(error.code == .jsonTooDeep)
            #expect(error.findings[0].location.position == TextPosition(line: 1, column: 4, byteOffset: 3))
        }
    }

    @Test("size, string, number and container limits")
    func limits() {
        var limits = Limits()
        limits.maxJSONBytes = 10
        #expect(findingCode { try JSONDocument.parse("[1,2,3,4,5,6]", input: "t", limits: limits) } == .jsonTooLarge)
        limits = Limits()
        limits.maxJSONStringBytes = 4
        #expect(findingCode { try JSONDocument.parse(#"["abcde"]"#, input: "t", limits: limits) } == .jsonStringTooLong)
        limits = Limits()
        limits.maxJSONNumberLength = 5
        #expect(findingCode { try JSONDocument.parse("[123456]", input: "t", limits: limits) } == .jsonNumberTooLong)
        limits = Limits()
        limits.maxJSONContainerCount = 2
        #expect(findingCode { try JSONDocument.parse("[1,2,3]", input: "t", limits: limits) } == .jsonContainerTooLarge)
        #expect(
            findingCode { try JSONDocument.parse(#"{"a":1,"b":2,"c":3}"#, input: "t", limits: limits) }
                == .jsonContainerTooLarge)
    }

    @Test("every value keeps its line and column")
    func positions() throws {
        let text = "{\n  \"a\": {\n    \"b\": [true, \"x€\", 3]\n  },\n  \"é\": null\n}"
        let document = try JSONDocument.parse(text, input: "t")
        #expect(document.node(at: ["a"])?.position == TextPosition(line: 2, column: 8, byteOffset: 9))
        #expect(document.node(at: ["a", "b", "0"])?.position?.description == "3:11")
        #expect(document.node(at: ["a", "b", "1"])?.position?.description == "3:17")
        // Columns count scalars: "x€" is 3 bytes longer than it is wide… by 2 (€ is 3 bytes, 1 scalar).
        #expect(document.node(at: ["a", "b", "2"])?.position?.description == "3:23")
        #expect(document.node(at: ["é"])?.position?.description == "5:8")
    }

    @Test("typed accessors report the pointer and position of the offending value")
    func cursorFindings() throws {
        let document = try JSONDocument.parse("{\n \"layers\": [\n  {\"size\": \"12\"}\n ]\n}", input: "manifest.json")
        let layer = try document.cursor.required("layers").array()[0]
        do {
            _ = try layer.required("size").int()
            Issue.record("a string was read as an integer")
        } catch {
            let finding = error.findings[0]
            #expect(finding.code == .jsonWrongType)
            #expect(finding.location.pointer?.description == "/layers/0/size")
            #expect(finding.location.position?.description == "3:12")
            #expect(finding.details["expected"] == "number")
            #expect(finding.details["actual"] == "string")
        }
        do {
            _ = try layer.required("digest")
            Issue.record("a missing member was found")
        } catch {
            #expect(error.code == .jsonMissingField)
            #expect(error.findings[0].location.pointer?.description == "/layers/0")
        }
        #expect(try document.cursor(at: ["layers", "0", "size"]).string() == "12")
        #expect(throws: FindingError.self) { try document.cursor(at: ["layers", "01"]) }
    }

    @Test("integers are exact; fractions are not integers")
    func integers() throws {
        let document = try JSONDocument.parse("[9007199254740993, 1.5, 1e2]", input: "t")
        let elements = try document.cursor.array()
        #expect(try elements[0].int() == 9_007_199_254_740_993)
        #expect(throws: FindingError.self) { try elements[1].int() }
        #expect(try elements[2].int() == 100)
    }

    @Test("JSON pointers escape and parse per RFC 6901")
    func pointers() throws {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "", "0"])
        #expect(pointer.description == "/a~1b/m~0n//0")
        #expect(try JSONPointer(parsing: pointer.description) == pointer)
        #expect(try JSONPointer(parsing: "") == .root)
        #expect(throws: FindingError.self) { try JSONPointer(parsing: "a") }
        #expect(throws: FindingError.self) { try JSONPointer(parsing: "/a~2") }
        let document = try JSONDocument.parse(#"{"a/b": {"m~n": {"": [7]}}}"#, input: "t")
        #expect(document.node(at: pointer) == 7)
    }

    @Test("scalars, empty containers and whitespace at the top level")
    func topLevel() throws {
        #expect(try JSONDocument.parse(" \t\r\n42 ", input: "t").root == 42)
        #expect(try JSONDocument.parse("\"x\"", input: "t").root == "x")
        #expect(try JSONDocument.parse("[]", input: "t").root == [])
        #expect(try JSONDocument.parse("{}", input: "t").root == JSONNode(.object(JSONObject())))
    }
}

@Suite("JSON accessor codes")
struct JSONAccessorCodeTests {
    @Test("a fraction read as an integer and a pointer to nothing give their codes and pointers")
    func codes() throws {
        let document = try JSONDocument.parse(#"{"n": 1.5}"#, input: "t")
        do {
            _ = try document.cursor.required("n").int()
            Issue.record("1.5 read as an integer")
        } catch {
            #expect(error.code == .jsonInvalidValue)
            #expect(error.findings[0].location.pointer?.description == "/n")
        }
        do {
            _ = try document.cursor(at: ["m"])
            Issue.record("a missing member was found")
        } catch {
            #expect(error.code == .jsonPointerNotFound)
            #expect(error.findings[0].location.pointer?.description == "/m")
        }
    }
}
