internal import CVouchShims.Jansson
import VouchCore

/// jansson as the gatekeeper of the JSON grammar: strict RFC 8259, duplicate keys and invalid UTF-8 rejected,
/// nesting bounded at 2048 by jansson itself, each error with line, column and byte position.
enum Jansson {
    /// Returns `nil` when jansson accepts the text, or the finding for its first error.
    static func firstError(in bytes: UnsafeRawBufferPointer, input: String) -> Finding? {
        var error = json_error_t()
        let flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        // jansson needs a non-null pointer even for an empty buffer.
        let empty: CChar = 0
        let value = withUnsafePointer(to: empty) { emptyPointer in
            json_loadb(base ?? emptyPointer, bytes.count, Int(flags), &error)
        }
        if let value {
            json_decref(value)
            return nil
        }
        let text = withUnsafeBytes(of: error.text) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let code = findingCode(for: vouch_json_error_code(&error))
        let position = TextPosition(
            line: max(1, Int(error.line)),
            column: max(1, Int(error.column)),
            byteOffset: max(0, Int(error.position))
        )
        return Finding(
            code,
            message(for: code, janssonText: text),
            at: SourceLocation(input: input, position: position),
            details: ["jansson": text]
        )
    }

    private static func findingCode(for janssonCode: Int32) -> FindingCode {
        switch UInt32(janssonCode) {
        case json_error_duplicate_key.rawValue: .jsonDuplicateKey
        case json_error_invalid_utf8.rawValue: .jsonInvalidUTF8
        case json_error_premature_end_of_input.rawValue: .jsonTruncated
        case json_error_end_of_input_expected.rawValue: .jsonTrailingContent
        case json_error_stack_overflow.rawValue: .jsonTooDeep
        case json_error_numeric_overflow.rawValue: .jsonNumberOutOfRange
        case json_error_null_byte_in_key.rawValue: .jsonNulInKey
        default: .jsonSyntax
        }
    }

    private static func message(for code: FindingCode, janssonText: String) -> String {
        switch code {
        case .jsonDuplicateKey: "an object repeats a key"
        case .jsonInvalidUTF8: "the text is not valid UTF-8"
        case .jsonTruncated: "the text ends inside a value"
        case .jsonTrailingContent: "something follows the top-level value"
        case .jsonTooDeep: "arrays and objects nest deeper than 2048 levels"
        case .jsonNumberOutOfRange: "a number is too large for a double"
        case .jsonNulInKey: "an object key contains U+0000"
        default: "not valid JSON: \(janssonText)"
        }
    }
}
