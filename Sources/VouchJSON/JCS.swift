import VouchCore

/// RFC 8785 JSON Canonicalization Scheme: the one byte sequence for a JSON value.
///
/// - Objects: members sorted by their keys' UTF-16 code units, no whitespace.
/// - Strings: UTF-8, escaping only `"`, `\` and U+0000…U+001F (`\b \t \n \f \r` short forms, else `\u00xx`).
/// - Numbers: the ECMAScript `Number.prototype.toString` form of the double (RFC 8785 §3.2.2.3).
/// - Literals: `true`, `false`, `null`.
public enum JCS {
    /// The canonical bytes of a value.
    public static func canonicalBytes(_ node: JSONNode) -> [UInt8] {
        var out: [UInt8] = []
        write(node.value, into: &out)
        return out
    }

    /// The canonical text of a value.
    public static func canonicalString(_ node: JSONNode) -> String {
        String(decoding: canonicalBytes(node), as: UTF8.self)
    }

    /// Iterative writer: canonicalizing cannot overflow the stack however deep a built value is.
    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        enum Work {
            case value(JSONValue)
            case byte(UInt8)
            case key(String)
        }
        var work: [Work] = [.value(value)]
        while let item = work.popLast() {
            switch item {
            case .byte(let byte):
                out.append(byte)
            case .key(let key):
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
            case .value(let value):
                switch value {
                case .null: out.append(contentsOf: "null".utf8)
                case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
                case .number(let number): out.append(contentsOf: numberText(number.double).utf8)
                case .string(let string): writeString(string, into: &out)
                case .array(let elements):
                    out.append(UInt8(ascii: "["))
                    work.append(.byte(UInt8(ascii: "]")))
                    for (index, element) in elements.enumerated().reversed() {
                        work.append(.value(element.value))
                        if index > 0 { work.append(.byte(UInt8(ascii: ","))) }
                    }
                case .object(let object):
                    out.append(UInt8(ascii: "{"))
                    work.append(.byte(UInt8(ascii: "}")))
                    let sorted = object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
                    for (index, member) in sorted.enumerated().reversed() {
                        work.append(.value(member.value.value))
                        work.append(.key(member.key))
                        if index > 0 { work.append(.byte(UInt8(ascii: ","))) }
                    }
                }
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.makeContiguousUTF8()
        string.utf8.withContiguousStorageIfAvailable { writeString(utf8: $0, into: &out) }
    }

    /// Copies runs of bytes that need no escape in one go; large strings (base64 bodies) are almost all one run.
    private static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + 2)
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default:
                out.append(contentsOf: "u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    /// ECMAScript `Number.prototype.toString` for a finite double (ECMA-262 §6.1.6.1.20), as RFC 8785 requires.
    ///
    /// Swift's `description` already yields the shortest digits that round-trip, choosing the closest when several
    /// do, which is the digit string ECMAScript specifies; only the layout differs, so it is re-laid out here.
    public static func numberText(_ value: Double) -> String {
        precondition(value.isFinite, "RFC 8785 has no form for NaN or infinity")
        if value == 0 { return "0" }
        if value < 0 { return "-" + numberText(-value) }

        // value = 0.d1d2…dk × 10^n, with digits d1…dk (k minimal, d1 ≠ 0).
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 {
            return String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(decoding: digits[0..<n], as: UTF8.self) + "." + String(decoding: digits[n...], as: UTF8.self)
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + String(decoding: digits, as: UTF8.self)
        }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        var text = String(UnicodeScalar(digits[0]))
        if k > 1 { text += "." + String(decoding: digits[1...], as: UTF8.self) }
        return text + "e" + sign + String(abs(exponent))
    }

    /// The shortest round-trip decimal digits of a positive finite double and the position of the decimal point.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], pointPosition: Int) {
        let text = Array(value.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(byte)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        return (digits, point)
    }
}
