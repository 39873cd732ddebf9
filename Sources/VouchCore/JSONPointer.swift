/// An RFC 6901 JSON pointer: a sequence of reference tokens, rendered as `/a/b~1c/0`.
///
/// ```
/// json-pointer    = *( "/" reference-token )
/// reference-token = *( unescaped / escaped )
/// escaped         = "~" ( "0" / "1" )     ; ~0 is "~", ~1 is "/"
/// ```
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The unescaped reference tokens, outermost first.
    public private(set) var tokens: [String]

    /// The pointer to the whole document (the empty string).
    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    public init(arrayLiteral elements: String...) {
        self.tokens = elements
    }

    /// Parses the string form. Fails on text that does not start with `/` or on a `~` not followed by `0` or `1`.
    public init(parsing text: String) throws(FindingError) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw FindingError(.pointerMalformed, "a JSON pointer must be empty or start with '/'", input: text)
        }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default:
                    throw FindingError(.pointerMalformed, "'~' must be followed by '0' or '1'", input: text)
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// This pointer with one more token (an object key).
    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    /// This pointer with one more token (an array index).
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    public static func / (lhs: JSONPointer, rhs: String) -> JSONPointer { lhs.appending(rhs) }
    public static func / (lhs: JSONPointer, rhs: Int) -> JSONPointer { lhs.appending(rhs) }

    public var parent: JSONPointer? {
        guard !tokens.isEmpty else { return nil }
        return JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            for character in token {
                switch character {
                case "~": text += "~0"
                case "/": text += "~1"
                default: text.append(character)
                }
            }
        }
        return text
    }
}
