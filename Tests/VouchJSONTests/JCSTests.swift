import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchJSON

@Suite("RFC 8785 canonicalization")
struct JCSTests {
    struct SuiteCase: Sendable, CustomTestStringConvertible {
        let id: String
        let input: URL
        let output: URL
        var testDescription: String { id }
    }

    /// The cases of ../shared/testsuites/jcs, read from its cases.json.
    static func suiteCases() throws -> [SuiteCase] {
        try ExternalCase.all(in: "jcs").map { suiteCase in
            SuiteCase(id: suiteCase.id, input: try suiteCase.file("input"), output: try suiteCase.file("output"))
        }
    }

    @Test("external suite: canonical form equals the expected bytes", arguments: try suiteCases())
    func externalSuite(_ suiteCase: SuiteCase) throws {
        let document = try JSONDocument.parse(try Data(contentsOf: suiteCase.input), input: suiteCase.id)
        let expected = try Data(contentsOf: suiteCase.output)
        #expect(Data(document.canonicalBytes) == expected)
    }

    @Test("the suite has cases")
    func suiteIsNotEmpty() throws {
        #expect(try Self.suiteCases().count >= 3)
    }

    /// IEEE 754 bit patterns and their ECMAScript serializations, from RFC 8785 Appendix B.
    static let numberVectors: [(UInt64, String)] = [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ]

    @Test("numbers use the ECMAScript shortest form", arguments: numberVectors)
    func numbers(_ vector: (UInt64, String)) {
        #expect(JCS.numberText(Double(bitPattern: vector.0)) == vector.1)
    }

    @Test("number literals keep their text but canonicalize by value")
    func numberLiterals() throws {
        let document = try JSONDocument.parse("[1.0, 1e3, -0, 0.10, 1E-7, 100000000000000000000000]", input: "t")
        #expect(String(decoding: document.canonicalBytes, as: UTF8.self) == "[1,1000,0,0.1,1e-7,1e+23]")
        guard case .array(let elements) = document.root.value, case .number(let first) = elements[0].value else {
            Issue.record("expected an array of numbers")
            return
        }
        #expect(first.text == "1.0")
    }

    @Test("strings escape only what JCS escapes")
    func strings() throws {
        let document = try JSONDocument.parse(
            #"["\u0000\u001f\b\t\n\f\r\"\\\/", "\u20ac\u2028", "\ud83d\ude00"]"#, input: "t")
        let text = String(decoding: document.canonicalBytes, as: UTF8.self)
        #expect(text == "[\"\\u0000\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\",\"€\u{2028}\",\"😀\"]")
    }

    @Test("keys sort by UTF-16 code units, not by scalars")
    func keyOrder() throws {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000 although its scalar value is larger.
        let document = try JSONDocument.parse(#"{"\ue000": 1, "😀": 2, "b": 3, "a": 4, "": 5}"#, input: "t")
        #expect(
            String(decoding: document.canonicalBytes, as: UTF8.self)
                == "{\"\":5,\"a\":4,\"b\":3,\"😀\":2,\"\u{E000}\":1}")
    }

    @Test("canonicalization is idempotent on the suite inputs")
    func idempotent() throws {
        for suiteCase in try Self.suiteCases() {
            let once = try JSONDocument.parse(try Data(contentsOf: suiteCase.input), input: suiteCase.id).canonicalBytes
            let twice = try JSONDocument.parse(once, input: suiteCase.id).canonicalBytes
            #expect(once == twice)
        }
    }

    @Test("flipping any byte of a canonical document changes its canonical bytes unless the value is unchanged")
    func mutation() throws {
        let source = #"{"a":[1,2.5,-3e-7,true,false,null],"b":{"c":"d\u001f\n€","e":[]},"f":"😀","g":1e+30}"#
        let original = try JSONDocument.parse(source, input: "t")
        let canonical = original.canonicalBytes
        var parsedMutants = 0
        for index in canonical.indices {
            for mask: UInt8 in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80] {
                var mutated = canonical
                mutated[index] ^= mask
                guard let document = try? JSONDocument.parse(mutated, input: "m") else { continue }
                parsedMutants += 1
                let same = document.canonicalBytes == canonical
                #expect(same == (document.root == original.root), "byte \(index) ^ \(mask)")
                #expect(!same || document.root == original.root)
            }
        }
        #expect(parsedMutants > 50)
    }

    @Test("values built in code canonicalize too")
    func built() {
        let node: JSONNode = ["z": [1, 2.5, "x", nil, true], "a": ["k": "v"]]
        #expect(JCS.canonicalString(node) == #"{"a":{"k":"v"},"z":[1,2.5,"x",null,true]}"#)
    }
}
