import VouchCore
import VouchCrypto
import VouchJSON

/// The DER inside the first PEM block with a given label (RFC 7468), or `nil`.
enum PEMBlock {
    static func der(in text: String, label: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        let begin = Array("-----BEGIN \(label)-----".utf8)
        let end = Array("-----END \(label)-----".utf8)
        guard let start = find(begin, in: bytes, from: 0),
            let stop = find(end, in: bytes, from: start + begin.count)
        else { return nil }
        let body = bytes[(start + begin.count)..<stop].filter { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
        guard let der = Base64.decode(String(decoding: body, as: UTF8.self)), !der.isEmpty else { return nil }
        return der
    }

    /// The first index of `pattern` in `bytes` at or after `from`.
    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var index = from
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index += 1
        }
        return nil
    }
}
