import Testing
import VouchCrypto

@Suite("Base64")
struct Base64Tests {
    @Test("RFC 4648 test vectors")
    func vectors() {
        let cases = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
            "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in cases {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            #expect(Base64.decode(encoded.replacingOccurrences(of: "=", with: "")) == Array(plain.utf8))
        }
    }

    @Test("round trip in both alphabets, with and without padding", arguments: 0..<40)
    func roundTrip(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 97 + 251 + length) }
        for urlSafe in [false, true] {
            for padding in [false, true] {
                let encoded = Base64.encode(bytes, urlSafe: urlSafe, padding: padding)
                #expect(Base64.decode(encoded) == bytes)
            }
        }
    }

    @Test(
        "malformed input is refused",
        arguments: [
            "A", "AB=", "A===", "Zm9v\n", " Zm9v", "Zm 9v", "+/_-", "Zh==", "Zm9=", "Zm9v=", "Zm9vYg=", "====",
            "Zg==Zg==",
            "Zm9v!", "é",
        ])
    func refused(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("URL-safe characters decode like their standard twins")
    func urlSafe() {
        #expect(Base64.decode("-_-_") == Base64.decode("+/+/"))
        #expect(Base64.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test("the table decoder agrees with a symbol-by-symbol reference on valid, damaged and random text")
    func agreesWithReference() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n.".utf8)
        var texts: [String] = []
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for urlSafe in [false, true] {
                for padding in [false, true] {
                    let encoded = Array(Base64.encode(bytes, urlSafe: urlSafe, padding: padding).utf8)
                    texts.append(String(decoding: encoded, as: UTF8.self))
                    for _ in 0..<4 where !encoded.isEmpty {
                        var damaged = encoded
                        damaged[Int.random(in: 0..<damaged.count, using: &generator)] =
                            alphabet.randomElement(using: &generator)!
                        texts.append(String(decoding: damaged, as: UTF8.self))
                    }
                }
            }
            let noise = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            texts.append(String(decoding: noise, as: UTF8.self))
        }
        for text in texts {
            #expect(Base64.decode(text) == Self.reference(text), "\(text)")
            #expect(Base64.decode(Array(text.utf8)) == Self.reference(text), "\(text)")
            #expect(Base64.decode(text.dropFirst(0)) == Self.reference(text), "\(text)")
        }
    }

    /// The RFC 4648 rules, one symbol at a time.
    static func reference(_ text: String) -> [UInt8]? {
        var symbols = Array(text.utf8)
        var padCount = 0
        while padCount < 2, symbols.last == UInt8(ascii: "=") {
            symbols.removeLast()
            padCount += 1
        }
        if padCount > 0, (symbols.count + padCount) % 4 != 0 { return nil }
        if symbols.count % 4 == 1 { return nil }
        let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let usesStandard = symbols.contains { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") }
        let usesURLSafe = symbols.contains { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        if usesStandard && usesURLSafe { return nil }
        let alphabet = usesURLSafe ? urlSafe : standard
        var bits: [Bool] = []
        for symbol in symbols {
            guard let value = alphabet.firstIndex(of: symbol) else { return nil }
            bits += (0..<6).map { value >> (5 - $0) & 1 == 1 }
        }
        let byteCount = bits.count / 8
        if bits[(byteCount * 8)...].contains(true) { return nil }
        return (0..<byteCount).map { index in
            bits[(index * 8)..<(index * 8 + 8)].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
    }
}
