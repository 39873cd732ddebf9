import VouchCore
import VouchCrypto
import VouchJSON

/// Reading Sigstore's protobuf messages from their canonical JSON mapping (proto3 JSON):
///
/// ```
/// bytes      = JSON string, base64 (standard or URL-safe, padding optional; CR and LF ignored, as Go's decoder does)
/// int64      = JSON string of decimal digits (a JSON number is accepted too)
/// Timestamp  = JSON string, RFC 3339
/// null       = the field is absent
/// ```
/// Unknown members are ignored, as proto3 JSON parsers do, so newer producers stay readable.
enum ProtoJSON {
    /// The member `key` when present and not `null`.
    static func field(_ cursor: JSONCursor, _ key: String) throws(FindingError) -> JSONCursor? {
        try cursor.optional(key, nullIsAbsent: true)
    }

    /// The member `key`; `json.field.missing` when absent or `null`.
    static func required(_ cursor: JSONCursor, _ key: String) throws(FindingError) -> JSONCursor {
        guard let value = try field(cursor, key) else {
            throw cursor.error(.jsonMissingField, "required member '\(key)' is missing", details: ["member": key])
        }
        return value
    }

    /// A `bytes` value; `code` when it is not base64.
    static func bytes(_ cursor: JSONCursor, code: FindingCode) throws(FindingError) -> [UInt8] {
        let text = try cursor.string()
        if let decoded = Base64.decode(text) { return decoded }
        // Line breaks (as in PEM-style wrapped values) are the one thing tolerated beyond strict Base64. Filter bytes,
        // not Characters: "\r\n" is a single Character and would survive a Character filter.
        let compact = text.utf8.filter { $0 != 0x0A && $0 != 0x0D }
        guard compact.count != text.utf8.count, let decoded = Base64.decode(compact) else {
            throw cursor.error(code, "the value is not base64", details: ["length": String(text.utf8.count)])
        }
        return decoded
    }

    /// An `int64` value; `code` when it is not an integer in range.
    static func int64(_ cursor: JSONCursor, code: FindingCode) throws(FindingError) -> Int64 {
        switch cursor.value {
        case .string(let text):
            guard let value = Int64(text), String(value) == text || text == "-0" else {
                throw cursor.error(code, "'\(text)' is not a 64-bit integer", details: ["actual": text])
            }
            return value
        case .number:
            do {
                return try cursor.int()
            } catch {
                throw cursor.error(code, "the value is not a 64-bit integer")
            }
        default:
            throw cursor.error(
                .jsonWrongType, "expected an integer (string or number), found \(cursor.value.typeName)",
                details: ["expected": "int64", "actual": cursor.value.typeName])
        }
    }

    /// A `Timestamp` value; `code` when it is not RFC 3339.
    static func timestamp(_ cursor: JSONCursor, code: FindingCode) throws(FindingError) -> VerificationTime {
        let text = try cursor.string()
        guard let seconds = RFC3339.parse(text) else {
            throw cursor.error(code, "'\(text)' is not an RFC 3339 time", details: ["actual": text])
        }
        return VerificationTime(secondsSinceEpoch: seconds)
    }

    /// Runs `body`, moving every finding it throws to `cursor`'s location (for errors from parsers that do not know
    /// the JSON pointer, such as certificate and key decoding).
    static func located<T>(_ cursor: JSONCursor, _ body: () throws(FindingError) -> T) throws(FindingError) -> T {
        do {
            return try body()
        } catch {
            throw FindingError(
                error.findings.map { finding in
                    var moved = finding
                    moved.location = cursor.location
                    return moved
                })
        }
    }
}
