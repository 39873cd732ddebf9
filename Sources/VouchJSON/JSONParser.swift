import VouchCore

/// Builds located ``JSONNode`` trees from UTF-8 bytes, iteratively (no recursion, so nesting cannot overflow the
/// stack), enforcing ``Limits``. It alone decides what is JSON: the whole RFC 8259 grammar, UTF-8 (overlongs and
/// encoded surrogates refused), surrogate escapes, duplicate keys and U+0000 in keys. jansson judges the same bytes
/// independently in ``JSONDocument/secondOpinion(_:input:)``, which the differential fuzzer and tests compare.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let input: String
    private let limits: Limits
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// UTF-8 continuation bytes seen on the current line, so columns count scalars, not bytes.
    private var continuationBytesOnLine = 0
    /// Strings that took the escape path so far.
    private var escapesSeen = 0

    private enum Frame {
        case array(start: TextPosition, elements: [JSONNode])
        case object(start: TextPosition, object: JSONObject, key: String, keyPosition: TextPosition)
    }

    init(bytes: UnsafeBufferPointer<UInt8>, input: String, limits: Limits) {
        self.bytes = bytes
        self.input = input
        self.limits = limits
    }

    private var position: TextPosition {
        TextPosition(line: line, column: offset - lineStart - continuationBytesOnLine + 1, byteOffset: offset)
    }

    private func failure(_ code: FindingCode, _ message: String, at position: TextPosition? = nil) -> FindingError {
        FindingError(code, message, input: input, position: position ?? self.position)
    }

    mutating func parseDocument() throws(FindingError) -> JSONNode {
        skipWhitespace()
        let root = try parseValue()
        skipWhitespace()
        guard offset == bytes.count else {
            throw failure(.jsonTrailingContent, "something follows the top-level value")
        }
        return root
    }

    private mutating func parseValue() throws(FindingError) -> JSONNode {
        var stack: [Frame] = []
        while true {
            // Descend until a complete value is in hand.
            var value: JSONNode
            skipWhitespace()
            let start = position
            guard offset < bytes.count else {
                throw failure(.jsonTruncated, "the text ends where a value was expected")
            }
            switch bytes[offset] {
            case UInt8(ascii: "["):
                try checkDepth(stack.count + 1)
                advance()
                skipWhitespace()
                if peek(UInt8(ascii: "]")) {
                    advance()
                    value = JSONNode(.array([]), position: start)
                } else {
                    stack.append(.array(start: start, elements: []))
                    continue
                }
            case UInt8(ascii: "{"):
                try checkDepth(stack.count + 1)
                advance()
                skipWhitespace()
                if peek(UInt8(ascii: "}")) {
                    advance()
                    value = JSONNode(.object(JSONObject()), position: start)
                } else {
                    let (key, keyPosition) = try parseKey(in: JSONObject())
                    stack.append(.object(start: start, object: JSONObject(), key: key, keyPosition: keyPosition))
                    continue
                }
            default:
                value = try parseScalar()
            }

            // Ascend: attach the value to its container, closing containers as they end.
            while true {
                guard let frame = stack.popLast() else { return value }
                skipWhitespace()
                switch frame {
                case .array(let arrayStart, var elements):
                    elements.append(value)
                    guard elements.count <= limits.maxJSONContainerCount else {
                        throw failure(
                            .jsonContainerTooLarge, "an array has more than \(limits.maxJSONContainerCount) elements",
                            at: arrayStart)
                    }
                    if peek(UInt8(ascii: ",")) {
                        advance()
                        stack.append(.array(start: arrayStart, elements: elements))
                    } else if peek(UInt8(ascii: "]")) {
                        advance()
                        value = JSONNode(.array(elements), position: arrayStart)
                        continue
                    } else {
                        throw expected("',' or ']'")
                    }
                case .object(let objectStart, var object, let key, let keyPosition):
                    object.appendUnique(JSONMember(key: key, keyPosition: keyPosition, value: value))
                    guard object.count <= limits.maxJSONContainerCount else {
                        throw failure(
                            .jsonContainerTooLarge, "an object has more than \(limits.maxJSONContainerCount) members",
                            at: objectStart)
                    }
                    if peek(UInt8(ascii: ",")) {
                        advance()
                        skipWhitespace()
                        let (nextKey, nextKeyPosition) = try parseKey(in: object)
                        stack.append(
                            .object(start: objectStart, object: object, key: nextKey, keyPosition: nextKeyPosition))
                    } else if peek(UInt8(ascii: "}")) {
                        advance()
                        value = JSONNode(.object(object), position: objectStart)
                        continue
                    } else {
                        throw expected("',' or '}'")
                    }
                }
                break
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(FindingError) {
        let limit = min(limits.maxJSONDepth, 2048)
        guard depth <= limit else {
            throw failure(.jsonTooDeep, "arrays and objects nest deeper than \(limit) levels")
        }
    }

    /// Parses `"key" :` and refuses a key the object already has.
    private mutating func parseKey(in object: JSONObject) throws(FindingError) -> (String, TextPosition) {
        let keyPosition = position
        guard peek(UInt8(ascii: "\"")) else { throw expected("an object key") }
        let escapedBefore = escapesSeen
        let key = try parseString()
        if object[key] != nil {
            throw failure(.jsonDuplicateKey, "an object repeats the key '\(key)'", at: keyPosition)
        }
        // U+0000 can only arrive through an escape (a raw control byte is a syntax error), so unescaped keys skip this.
        if escapesSeen != escapedBefore, key.utf8.contains(0) {
            throw failure(.jsonNulInKey, "an object key contains U+0000", at: keyPosition)
        }
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw expected("':'") }
        advance()
        return (key, keyPosition)
    }

    private mutating func parseScalar() throws(FindingError) -> JSONNode {
        let start = position
        switch bytes[offset] {
        case UInt8(ascii: "\""):
            return JSONNode(.string(try parseString()), position: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONNode(.bool(true), position: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONNode(.bool(false), position: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONNode(.null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(.number(try parseNumber()), position: start)
        default:
            throw expected("a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(FindingError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw failure(.jsonTruncated, "the text ends inside a literal") }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] {
            throw expected("'\(word)'")
        }
        offset += count
    }

    // number = [ minus ] int [ frac ] [ exp ]       ; RFC 8259 §6
    private mutating func parseNumber() throws(FindingError) -> JSONNumber {
        let start = offset
        let startPosition = position
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.offset
            while parser.offset < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.offset]) {
                parser.offset += 1
            }
            return parser.offset - first
        }
        if peek(UInt8(ascii: "-")) { offset += 1 }
        guard offset < bytes.count else { throw failure(.jsonTruncated, "the text ends inside a number") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else if digits(&self) == 0 {
            throw expected("a digit")
        }
        if peek(UInt8(ascii: ".")) {
            offset += 1
            guard digits(&self) > 0 else { throw expected("a digit after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard digits(&self) > 0 else { throw expected("a digit in the exponent") }
        }
        let length = offset - start
        guard length <= limits.maxJSONNumberLength else {
            throw failure(
                .jsonNumberTooLong, "a number literal is longer than \(limits.maxJSONNumberLength) characters",
                at: startPosition)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw failure(.jsonNumberOutOfRange, "the number \(text) is too large for a double", at: startPosition)
        }
        return JSONNumber(validatedText: text, double: double)
    }

    private mutating func parseString() throws(FindingError) -> String {
        let startPosition = position
        advance()  // opening quote
        let contentStart = offset
        // Fast path: a string without escapes is one run of bytes, validated and copied once.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte & 0xC0 == 0x80 { continuationBytesOnLine += 1 }
            offset += 1
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            let length = offset - contentStart
            guard length <= limits.maxJSONStringBytes else {
                throw failure(.jsonStringTooLong, "a string is longer than \(limits.maxJSONStringBytes) bytes", at: startPosition)
            }
            guard let string = String(validating: UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]), as: UTF8.self)
            else {
                throw failure(.jsonInvalidUTF8, "a string is not valid UTF-8", at: startPosition)
            }
            offset += 1
            return string
        }
        // Slow path: escapes (or an error) ahead; collect the unescaped bytes.
        escapesSeen += 1
        var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]))
        var runStart = offset
        func flush(_ parser: JSONParser, _ scalars: inout [UInt8], upTo end: Int) {
            scalars.append(contentsOf: UnsafeBufferPointer(rebasing: parser.bytes[runStart..<end]))
        }
        while true {
            guard offset < bytes.count else { throw failure(.jsonTruncated, "the text ends inside a string", at: startPosition) }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                flush(self, &scalars, upTo: offset)
                offset += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                flush(self, &scalars, upTo: offset)
                try parseEscape(into: &scalars)
                runStart = offset
                continue
            }
            if byte < 0x20 {
                throw failure(.jsonSyntax, "a control character must be escaped inside a string")
            }
            if byte & 0xC0 == 0x80 { continuationBytesOnLine += 1 }
            offset += 1
            if offset - runStart + scalars.count > limits.maxJSONStringBytes {
                throw failure(.jsonStringTooLong, "a string is longer than \(limits.maxJSONStringBytes) bytes", at: startPosition)
            }
        }
        guard scalars.count <= limits.maxJSONStringBytes else {
            throw failure(.jsonStringTooLong, "a string is longer than \(limits.maxJSONStringBytes) bytes", at: startPosition)
        }
        guard let string = String(validating: scalars, as: UTF8.self) else {
            throw failure(.jsonInvalidUTF8, "a string is not valid UTF-8", at: startPosition)
        }
        return string
    }

    private mutating func parseEscape(into scalars: inout [UInt8]) throws(FindingError) {
        offset += 1  // backslash
        guard offset < bytes.count else { throw failure(.jsonTruncated, "the text ends inside an escape") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(byte)
        case UInt8(ascii: "b"): scalars.append(0x08)
        case UInt8(ascii: "f"): scalars.append(0x0C)
        case UInt8(ascii: "n"): scalars.append(0x0A)
        case UInt8(ascii: "r"): scalars.append(0x0D)
        case UInt8(ascii: "t"): scalars.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else {
                    throw failure(.jsonSyntax, "a high surrogate escape is not followed by a low surrogate")
                }
                offset += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure(.jsonSyntax, "a high surrogate escape is not followed by a low surrogate")
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure(.jsonSyntax, "a low surrogate escape without a high surrogate")
            }
            scalars.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(code)!)!)
        default:
            throw failure(.jsonSyntax, "invalid escape sequence")
        }
    }

    private mutating func hex4() throws(FindingError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure(.jsonTruncated, "the text ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: throw failure(.jsonSyntax, "invalid \\u escape")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private func expected(_ what: String) -> FindingError {
        if offset >= bytes.count {
            return failure(.jsonTruncated, "the text ends where \(what) was expected")
        }
        return failure(.jsonSyntax, "expected \(what)")
    }

    private func peek(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    private mutating func advance() {
        offset += 1
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D:
                offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
                continuationBytesOnLine = 0
            default:
                return
            }
        }
    }
}
