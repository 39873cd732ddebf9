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
        if let encoded = bytes.withContiguousStorageIfAvailable({
            encode(buffer: $0, urlSafe: urlSafe, padding: padding)
        }) {
            return encoded
        }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0, urlSafe: urlSafe, padding: padding) }
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>, urlSafe: Bool, padding: Bool) -> String {
        let tail = input.count % 3
        let fullGroups = input.count / 3
        let tailCount = tail == 0 ? 0 : (padding ? 4 : tail + 1)
        let outputCount = fullGroups * 4 + tailCount
        return (urlSafe ? Self.urlSafe : Self.standard).withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { output in
                var read = 0
                var written = 0
                for _ in 0..<fullGroups {
                    let group = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                    output[written] = alphabet[Int(group >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    output[written + 2] = alphabet[Int(group >> 6 & 0x3F)]
                    output[written + 3] = alphabet[Int(group & 0x3F)]
                    read += 3
                    written += 4
                }
                if tail > 0 {
                    let second = tail == 2 ? UInt32(input[read + 1]) : 0
                    let group = UInt32(input[read]) << 16 | second << 8
                    output[written] = alphabet[Int(group >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    written += 2
                    if tail == 2 {
                        output[written] = alphabet[Int(group >> 6 & 0x3F)]
                        written += 1
                    }
                    if padding {
                        while written < outputCount {
                            output[written] = UInt8(ascii: "=")
                            written += 1
                        }
                    }
                }
                return written
            }
        }
    }

    /// Decodes standard or URL-safe Base64, padded or not; `nil` for anything else.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(symbols: $0) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBufferPointer { decode(symbols: $0) }
    }

    /// Decodes standard or URL-safe Base64 bytes, padded or not; `nil` for anything else.
    public static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { decode(symbols: $0) }
    }

    /// Per input byte: its 6-bit value, plus ``standardOnly`` for `+` and `/` or ``urlSafeOnly`` for `-` and `_`;
    /// ``invalid`` (both marks) for bytes outside both alphabets.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in standard.enumerated() { table[Int(symbol)] = UInt8(value) }
        table[Int(UInt8(ascii: "+"))] = 62 | standardOnly
        table[Int(UInt8(ascii: "/"))] = 63 | standardOnly
        table[Int(UInt8(ascii: "-"))] = 62 | urlSafeOnly
        table[Int(UInt8(ascii: "_"))] = 63 | urlSafeOnly
        return table
    }()
    private static let standardOnly: UInt8 = 0x40
    private static let urlSafeOnly: UInt8 = 0x80
    private static let invalid: UInt8 = 0xFF

    private static func decode(symbols input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var count = input.count
        var padCount = 0
        while padCount < 2, count > 0, input[count - 1] == UInt8(ascii: "=") {
            count -= 1
            padCount += 1
        }
        // Padding, when present, must complete the last group exactly.
        if padCount > 0, (count + padCount) % 4 != 0 { return nil }
        if count % 4 == 1 { return nil }
        let fullGroups = count / 4
        let tail = count % 4
        let outputCount = fullGroups * 3 + (tail == 0 ? 0 : tail - 1)
        return decodeTable.withUnsafeBufferPointer { table -> [UInt8]? in
            // The marks of every symbol seen, or-ed together: both marks mean a byte outside the alphabets (which
            // carries both) or a mix of the two alphabets, and either refuses the text.
            var marks: UInt8 = 0
            let output = [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
                var read = 0
                var written = 0
                for _ in 0..<fullGroups {
                    let a = table[Int(input[read])]
                    let b = table[Int(input[read + 1])]
                    let c = table[Int(input[read + 2])]
                    let d = table[Int(input[read + 3])]
                    marks |= a | b | c | d
                    let group =
                        UInt32(a & 0x3F) << 18 | UInt32(b & 0x3F) << 12 | UInt32(c & 0x3F) << 6 | UInt32(d & 0x3F)
                    buffer[written] = UInt8(truncatingIfNeeded: group >> 16)
                    buffer[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    buffer[written + 2] = UInt8(truncatingIfNeeded: group)
                    read += 4
                    written += 3
                }
                if tail >= 2 {
                    let a = table[Int(input[read])]
                    let b = table[Int(input[read + 1])]
                    marks |= a | b
                    let c = tail == 3 ? table[Int(input[read + 2])] : 0
                    marks |= c
                    // Bits after the last byte must be zero: one accepted encoding per byte string.
                    if tail == 2 && b & 0x0F != 0 || tail == 3 && c & 0x03 != 0 { marks = invalid }
                    buffer[written] = (a & 0x3F) << 2 | (b & 0x3F) >> 4
                    written += 1
                    if tail == 3 {
                        buffer[written] = (b & 0x0F) << 4 | (c & 0x3F) >> 2
                        written += 1
                    }
                }
                initialized = written
            }
            return marks & (standardOnly | urlSafeOnly) == standardOnly | urlSafeOnly ? nil : output
        }
    }
}
