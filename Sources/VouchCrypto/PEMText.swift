/// Recognising and writing PEM (RFC 7468) text; the parsing of PEM bodies is OpenSSL's.
enum PEMText {
    /// Whether the bytes, after leading whitespace, start with a PEM boundary.
    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        let start = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return start.starts(with: marker)
    }

    /// The label of the first `-----BEGIN label-----` line, if any.
    static func firstLabel(_ bytes: [UInt8]) -> String? {
        let marker = Array("-----BEGIN ".utf8)
        guard let start = bytes.firstRange(of: marker)?.upperBound else { return nil }
        let rest = bytes[start...]
        guard let end = rest.firstRange(of: Array("-----".utf8))?.lowerBound, end - start <= 64 else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A PEM block with 64-character lines and a final newline.
    static func encode(label: String, der: [UInt8]) -> String {
        let body = Array(Base64.encode(der).utf8)
        var text = "-----BEGIN \(label)-----\n"
        var index = 0
        while index < body.count {
            let end = min(index + 64, body.count)
            text += String(decoding: body[index..<end], as: UTF8.self) + "\n"
            index = end
        }
        return text + "-----END \(label)-----\n"
    }
}
