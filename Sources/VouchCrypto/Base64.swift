/// Base64 (RFC 4648) encoding and a strict decoder.
///
/// ```
/// base64     = *(4 alphabet) [ 2 alphabet ["=="] / 3 alphabet ["="] ]
/// alphabet   = standard "A-Z a-z 0-9 + /"  or  URL-safe "A-Z a-z 0-9 - _"   (one alphabet per string)
/// ```
/// Decoding accepts either alphabet, with or without padding, and refuses everything else: whitespace, a mix of
/// the two alphabets, wrong padding, and non-zero bits after the last byte (so each byte string has exactly one
/// accepted encoding per alphabet and padding choice).
public enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes bytes, in the standard alphabet with padding unless asked otherwise.
    public static func encode(_ bytes: some Sequence<UInt8>, urlSafe: Bool = false, padding: Bool = true) -> String {
        let alphabet = urlSafe ? Self.urlSafe : Self.standard
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let b0 = UInt32(input[index])
            let b1 = remaining > 1 ? UInt32(input[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            if remaining > 1 {
                out.append(alphabet[Int(group >> 6 & 0x3F)])
            } else if padding {
                out.append(UInt8(ascii: "="))
            }
            if remaining > 2 {
                out.append(alphabet[Int(group & 0x3F)])
            } else if padding {
                out.append(UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard or URL-safe Base64, padded or not; `nil` for anything else.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var symbols = Array(text.utf8)
        var padCount = 0
        while padCount < 2, symbols.last == UInt8(ascii: "=") {
            symbols.removeLast()
            padCount += 1
        }
        // Padding, when present, must complete the last group exactly.
        if padCount > 0, (symbols.count + padCount) % 4 != 0 { return nil }
        if symbols.count % 4 == 1 { return nil }
        var sawStandard = false
        var sawURLSafe = false
        var values: [UInt8] = []
        values.reserveCapacity(symbols.count)
        for symbol in symbols {
            switch symbol {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(symbol - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(symbol - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(symbol - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): sawStandard = true; values.append(62)
            case UInt8(ascii: "/"): sawStandard = true; values.append(63)
            case UInt8(ascii: "-"): sawURLSafe = true; values.append(62)
            case UInt8(ascii: "_"): sawURLSafe = true; values.append(63)
            default: return nil
            }
        }
        if sawStandard && sawURLSafe { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 4 <= values.count {
            let group =
                UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12
                | UInt32(values[index + 2]) << 6 | UInt32(values[index + 3])
            out.append(UInt8(group >> 16 & 0xFF))
            out.append(UInt8(group >> 8 & 0xFF))
            out.append(UInt8(group & 0xFF))
            index += 4
        }
        switch values.count - index {
        case 2:
            guard values[index + 1] & 0x0F == 0 else { return nil }
            out.append(values[index] << 2 | values[index + 1] >> 4)
        case 3:
            guard values[index + 2] & 0x03 == 0 else { return nil }
            out.append(values[index] << 2 | values[index + 1] >> 4)
            out.append((values[index + 1] & 0x0F) << 4 | values[index + 2] >> 2)
        default:
            break
        }
        return out
    }
}
