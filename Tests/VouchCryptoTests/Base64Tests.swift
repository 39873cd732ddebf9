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
}
