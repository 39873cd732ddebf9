import Foundation

/// One challenge of a `WWW-Authenticate` header: a scheme and its parameters.
///
/// ```
/// challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]        ; RFC 9110 §11.6.1
/// auth-param = token BWS "=" BWS ( token / quoted-string )
/// ```
/// Registries send `Bearer realm="…",service="…",scope="…"` (distribution token auth) or `Basic realm="…"`.
public struct AuthChallenge: Hashable, Sendable {
    /// Lowercased: `bearer`, `basic`.
    public var scheme: String
    /// Parameter names lowercased.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Every challenge in the header values, in order. Unparseable text is skipped, never guessed at.
    public static func parse(_ values: [String]) -> [AuthChallenge] {
        values.flatMap(parse(header:))
    }

    private static func parse(header: String) -> [AuthChallenge] {
        var challenges: [AuthChallenge] = []
        let scalars = Array(header.unicodeScalars)
        var index = 0
        func skip(_ predicate: (Unicode.Scalar) -> Bool) {
            while index < scalars.count && predicate(scalars[index]) { index += 1 }
        }
        func token() -> String {
            let start = index
            skip { !" \t,=\"".unicodeScalars.contains($0) }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }
        while index < scalars.count {
            skip { $0 == " " || $0 == "\t" || $0 == "," }
            let scheme = token()
            guard !scheme.isEmpty else { break }
            var parameters: [String: String] = [:]
            while index < scalars.count {
                skip { $0 == " " || $0 == "\t" }
                let mark = index
                let name = token()
                skip { $0 == " " || $0 == "\t" }
                guard !name.isEmpty, index < scalars.count, scalars[index] == "=" else {
                    // Not a parameter: the start of the next challenge.
                    index = mark
                    break
                }
                index += 1
                skip { $0 == " " || $0 == "\t" }
                var value = ""
                if index < scalars.count && scalars[index] == "\"" {
                    index += 1
                    while index < scalars.count && scalars[index] != "\"" {
                        if scalars[index] == "\\" && index + 1 < scalars.count { index += 1 }
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    index += 1
                } else {
                    value = token()
                }
                parameters[name.lowercased()] = value
                skip { $0 == " " || $0 == "\t" }
                if index < scalars.count && scalars[index] == "," { index += 1 }
            }
            challenges.append(AuthChallenge(scheme: scheme.lowercased(), parameters: parameters))
        }
        return challenges
    }
}
