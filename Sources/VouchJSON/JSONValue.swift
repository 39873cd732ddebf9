import VouchCore

/// A JSON value as parsed or built, with its children located.
///
/// ```
/// value = false / null / true / object / array / number / string      ; RFC 8259 §3
/// ```
/// Numbers keep their source text (``JSONNumber``) so that nothing is lost before canonicalization.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)

    /// The JSON type name used in findings: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A value together with where it started in the source text (`nil` for values built in code).
///
/// Equality compares values only, never positions: two documents that differ only in layout are equal.
public struct JSONNode: Hashable, Sendable {
    public var value: JSONValue
    /// Position of the value's first character (the quote, bracket, digit or letter).
    public var position: TextPosition?

    public init(_ value: JSONValue, position: TextPosition? = nil) {
        self.value = value
        self.position = position
    }

    public static func == (lhs: JSONNode, rhs: JSONNode) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// One `"key": value` pair of an object.
public struct JSONMember: Hashable, Sendable {
    public var key: String
    /// Position of the key's opening quote.
    public var keyPosition: TextPosition?
    public var value: JSONNode

    public init(key: String, keyPosition: TextPosition? = nil, value: JSONNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }

    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool { lhs.key == rhs.key && lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
    }
}

/// A JSON object: members in source order, keys unique.
///
/// Equality ignores member order, as JSON does.
public struct JSONObject: Hashable, Sendable {
    /// Members in the order they appeared.
    public private(set) var members: [JSONMember]
    /// Key → position, built only once an object grows past ``linearSearchLimit`` members: most objects in
    /// supply-chain documents are small, and a scan beats hashing (and allocating a table) for them.
    private var index: [String: Int]?
    private static let linearSearchLimit = 12

    public init() {
        self.members = []
        self.index = nil
    }

    /// Builds an object; a repeated key keeps its last value, as when assigning in code.
    public init(_ members: [JSONMember]) {
        self.init()
        for member in members { self[member.key] = member.value }
    }

    public init(_ pairs: KeyValuePairs<String, JSONNode>) {
        self.init(pairs.map { JSONMember(key: $0.key, value: $0.value) })
    }

    /// Appends a member whose key is known to be new; used by the parser after its own duplicate check.
    mutating func appendUnique(_ member: JSONMember) {
        if index != nil {
            index![member.key] = members.count
        } else if members.count >= Self.linearSearchLimit {
            index = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) })
            index![member.key] = members.count
        }
        members.append(member)
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONNode? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    index =
                        members.count > Self.linearSearchLimit
                        ? Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) }) : nil
                }
            } else if let newValue {
                appendUnique(JSONMember(key: key, value: newValue))
            }
        }
    }

    /// The member for `key`, with its key position.
    public func member(_ key: String) -> JSONMember? {
        position(of: key).map { members[$0] }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for key in keys.sorted() { hasher.combine(key) }
    }
}

/// A JSON number: its exact source text and its IEEE 754 double value.
///
/// Equality compares the double value, which is what RFC 8785 canonicalizes (`1.0` equals `1`).
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The literal as written, for example `1.50e3`.
    public let text: String
    /// The nearest double (finite; the parser refuses literals that overflow).
    public let double: Double

    /// From a literal already checked against the JSON number grammar.
    init(validatedText text: String, double: Double) {
        self.text = text
        self.double = double
    }

    /// From a finite double, for values built in code.
    public init(_ double: Double) {
        precondition(double.isFinite, "JSON numbers are finite")
        self.double = double
        self.text = JCS.numberText(double)
    }

    public init(_ integer: Int) {
        self.init(Double(integer))
    }

    /// The value as an exact integer, when the literal is written as an integer that fits in `Int64`.
    public var int64: Int64? {
        if let exact = Int64(text) { return exact }
        // `1e3` or `1.0` are integers too, when the double is exact and within the 2^53 range.
        guard double.rounded() == double, abs(double) <= 9_007_199_254_740_992 else { return nil }
        return Int64(double)
    }

    public var description: String { text }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.double == rhs.double }
    public func hash(into hasher: inout Hasher) { hasher.combine(double == 0 ? 0 : double) }
}

extension JSONNode: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self.init(.string(value)) }
    public init(integerLiteral value: Int) { self.init(.number(JSONNumber(value))) }
    public init(floatLiteral value: Double) { self.init(.number(JSONNumber(value))) }
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
    public init(nilLiteral: ()) { self.init(.null) }
    public init(arrayLiteral elements: JSONNode...) { self.init(.array(elements)) }
    public init(dictionaryLiteral elements: (String, JSONNode)...) {
        self.init(.object(JSONObject(elements.map { JSONMember(key: $0.0, value: $0.1) })))
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONNode)...) {
        self.init(elements.map { JSONMember(key: $0.0, value: $0.1) })
    }
}
