/// Lowercase hexadecimal encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) {
            return encoded
        }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// One pass into the string's own storage: digests are hex-encoded on every verification path.
    private static func encode(buffer: UnsafeBufferPointer<UInt8>) -> String {
        digits.withUnsafeBufferPointer { digits in
            String(unsafeUninitializedCapacity: buffer.count * 2) { output in
                var written = 0
                for byte in buffer {
                    output[written] = digits[Int(byte >> 4)]
                    output[written + 1] = digits[Int(byte & 0x0F)]
                    written += 2
                }
                return written
            }
        }
    }

    /// Decodes upper- or lowercase hex; `nil` on an odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(buffer: $0) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: utf8.count / 2) { output, initialized in
            var index = 0
            while index < utf8.count {
                guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else {
                    valid = false
                    break
                }
                output[index / 2] = high << 4 | low
                index += 2
            }
            initialized = index / 2
        }
        return valid ? out : nil
    }

    static func isLowercaseDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
