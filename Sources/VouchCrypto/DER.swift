/// The small part of ASN.1 DER (X.690) that Vouch reads and writes itself: certificate extensions and ECDSA
/// signature encodings. Everything else is left to OpenSSL.
///
/// ```
/// TLV    = tag length value
/// tag    = one byte (low-tag-number form only; tag numbers >= 31 are refused)
/// length = short form (< 128) / long form with 1 to 4 length bytes, minimal, never indefinite
/// ```
/// The reader is strict: non-minimal lengths, the indefinite form and truncated values are refused, so the same
/// value has exactly one accepted encoding.
enum DER {
    static let sequence: UInt8 = 0x30
    static let integer: UInt8 = 0x02
    static let boolean: UInt8 = 0x01
    static let bitString: UInt8 = 0x03
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06
    static let utf8String: UInt8 = 0x0C

    /// One decoded element: its tag and the bytes of its value.
    struct Element {
        var tag: UInt8
        var value: ArraySlice<UInt8>

        var isConstructed: Bool { tag & 0x20 != 0 }
    }

    /// Reads consecutive elements from a byte slice.
    struct Reader {
        private var bytes: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
        }

        init(_ bytes: [UInt8]) {
            self.bytes = bytes[...]
        }

        var isAtEnd: Bool { bytes.isEmpty }

        /// The next element, or `nil` when the encoding is not strict DER.
        mutating func read() -> Element? {
            guard let tag = bytes.first, tag & 0x1F != 0x1F else { return nil }
            var index = bytes.index(after: bytes.startIndex)
            guard index < bytes.endIndex else { return nil }
            let first = bytes[index]
            index += 1
            var length = 0
            if first < 0x80 {
                length = Int(first)
            } else {
                let count = Int(first & 0x7F)
                guard count >= 1, count <= 4, bytes.endIndex - index >= count else { return nil }
                for byte in bytes[index..<index + count] {
                    length = length << 8 | Int(byte)
                }
                // Long form only when needed, and without leading zero bytes.
                guard length >= 0x80, bytes[index] != 0 else { return nil }
                index += count
            }
            guard bytes.endIndex - index >= length else { return nil }
            let element = Element(tag: tag, value: bytes[index..<index + length])
            bytes = bytes[(index + length)...]
            return element
        }

        /// The next element if it has `tag`.
        mutating func read(tag: UInt8) -> Element? {
            guard bytes.first == tag else { return nil }
            return read()
        }
    }

    /// Parses exactly one element that fills `bytes`.
    static func single(_ bytes: some Collection<UInt8>) -> Element? {
        var reader = Reader(Array(bytes))
        guard let element = reader.read(), reader.isAtEnd else { return nil }
        return element
    }

    /// Dotted text of an OBJECT IDENTIFIER value, or `nil` when the encoding is not minimal.
    static func objectIdentifierText(_ value: ArraySlice<UInt8>) -> String? {
        guard let arcs = objectIdentifierArcs(value) else { return nil }
        let first = arcs[0]
        // Written digit by digit into one buffer: certificates carry a dozen OIDs each, read on every verification.
        var text: [UInt8] = []
        text.reserveCapacity(arcs.count * 6 + 2)
        func append(_ arc: UInt64) {
            let start = text.count
            var rest = arc
            repeat {
                text.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            text[start...].reverse()
        }
        append(first < 40 ? 0 : first < 80 ? 1 : 2)
        text.append(UInt8(ascii: "."))
        append(first < 40 ? first : first < 80 ? first - 40 : first - 80)
        for arc in arcs.dropFirst() {
            text.append(UInt8(ascii: "."))
            append(arc)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether an OBJECT IDENTIFIER value is minimally encoded with arcs of at most 64 bits (what
    /// ``objectIdentifierText(_:)`` accepts).
    static func isMinimalObjectIdentifier(_ value: ArraySlice<UInt8>) -> Bool {
        objectIdentifierArcs(value, keeping: false) != nil
    }

    /// The arcs as encoded (the first two still combined), or `nil` when the encoding is not minimal; with
    /// `keeping` false only the check is made and the result is empty.
    private static func objectIdentifierArcs(_ value: ArraySlice<UInt8>, keeping: Bool = true) -> [UInt64]? {
        guard !value.isEmpty, value.last! & 0x80 == 0 else { return nil }
        var arcs: [UInt64] = []
        var current: UInt64 = 0
        var startOfArc = true
        for byte in value {
            if startOfArc && byte == 0x80 { return nil }
            guard current >> 57 == 0 else { return nil }
            current = current << 7 | UInt64(byte & 0x7F)
            startOfArc = byte & 0x80 == 0
            if startOfArc {
                if keeping { arcs.append(current) }
                current = 0
            }
        }
        return arcs
    }

    /// A UTF8String value's text, or `nil` when the bytes are not that or not valid UTF-8.
    static func utf8StringText(_ bytes: some Collection<UInt8>) -> String? {
        guard let element = single(bytes), element.tag == utf8String else { return nil }
        return String(validating: element.value, as: UTF8.self)
    }

    /// Encodes a length in the shortest form.
    static func encodeLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var rest = length
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// Encodes an unsigned big-endian magnitude as an INTEGER: leading zeros removed, one added when the top bit
    /// is set.
    static func encodeUnsignedInteger(_ magnitude: some Collection<UInt8>) -> [UInt8] {
        var content = Array(magnitude.drop { $0 == 0 })
        if content.isEmpty || content[0] & 0x80 != 0 {
            content.insert(0, at: 0)
        }
        return [integer] + encodeLength(content.count) + content
    }

    /// Decodes a non-negative, minimally encoded INTEGER value to its magnitude without leading zeros.
    static func unsignedIntegerMagnitude(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let first = value.first, first & 0x80 == 0 else { return nil }
        if first == 0, value.count > 1 {
            guard value[value.startIndex + 1] & 0x80 != 0 else { return nil }
        }
        return value.drop { $0 == 0 }
    }
}
