import VouchCore

/// A value in a document together with its JSON pointer: typed accessors that throw findings naming the place.
///
/// ```swift
/// let manifest = document.cursor
/// let mediaType = try manifest.required("mediaType").string()       // json.field.missing / json.field.wrong-type
/// for layer in try manifest.required("layers").array() { … }
/// ```
public struct JSONCursor: Sendable {
    public let input: String
    public let pointer: JSONPointer
    public let node: JSONNode

    public init(input: String, pointer: JSONPointer, node: JSONNode) {
        self.input = input
        self.pointer = pointer
        self.node = node
    }

    public var value: JSONValue { node.value }

    /// Where this value is, for findings raised by callers.
    public var location: SourceLocation {
        SourceLocation(input: input, pointer: pointer, position: node.position)
    }

    /// A finding located at this value.
    public func finding(
        _ code: FindingCode,
        _ message: String,
        severity: Severity = .error,
        details: [String: String] = [:]
    ) -> Finding {
        Finding(code, severity: severity, message, at: location, details: details)
    }

    /// An error located at this value.
    public func error(_ code: FindingCode, _ message: String, details: [String: String] = [:]) -> FindingError {
        FindingError(finding(code, message, details: details))
    }

    // MARK: Members

    /// The member `key` of this object, or `nil` when it is absent. Throws when this is not an object.
    public subscript(key: String) -> JSONCursor? {
        guard case .object(let object) = node.value, let child = object[key] else { return nil }
        return JSONCursor(input: input, pointer: pointer / key, node: child)
    }

    /// The member `key`; `json.field.missing` when absent, `json.field.wrong-type` when this is not an object.
    public func required(_ key: String) throws(FindingError) -> JSONCursor {
        let object = try self.object()
        guard let child = object[key] else {
            throw error(.jsonMissingField, "required member '\(key)' is missing", details: ["member": key])
        }
        return JSONCursor(input: input, pointer: pointer / key, node: child)
    }

    /// The member `key` if present (and not JSON `null` when `nullIsAbsent`).
    public func optional(_ key: String, nullIsAbsent: Bool = false) throws(FindingError) -> JSONCursor? {
        let object = try self.object()
        guard let child = object[key] else { return nil }
        if nullIsAbsent, case .null = child.value { return nil }
        return JSONCursor(input: input, pointer: pointer / key, node: child)
    }

    /// The members of this object as cursors, in source order.
    public func members() throws(FindingError) -> [(key: String, value: JSONCursor)] {
        try object().members.map {
            (key: $0.key, value: JSONCursor(input: input, pointer: pointer / $0.key, node: $0.value))
        }
    }

    // MARK: Typed values

    public func object() throws(FindingError) -> JSONObject {
        guard case .object(let object) = node.value else { throw wrongType("object") }
        return object
    }

    /// The elements of this array as cursors.
    public func array() throws(FindingError) -> [JSONCursor] {
        guard case .array(let elements) = node.value else { throw wrongType("array") }
        return elements.enumerated().map { JSONCursor(input: input, pointer: pointer / $0.offset, node: $0.element) }
    }

    public func string() throws(FindingError) -> String {
        guard case .string(let string) = node.value else { throw wrongType("string") }
        return string
    }

    public func bool() throws(FindingError) -> Bool {
        guard case .bool(let bool) = node.value else { throw wrongType("boolean") }
        return bool
    }

    public func number() throws(FindingError) -> JSONNumber {
        guard case .number(let number) = node.value else { throw wrongType("number") }
        return number
    }

    /// An integer value; `json.field.invalid-value` for fractions and numbers outside `Int64`.
    public func int() throws(FindingError) -> Int64 {
        let number = try number()
        guard let integer = number.int64 else {
            throw error(
                .jsonInvalidValue, "expected an integer, found \(number.text)", details: ["actual": number.text])
        }
        return integer
    }

    public var isNull: Bool {
        if case .null = node.value { return true }
        return false
    }

    private func wrongType(_ expected: String) -> FindingError {
        error(
            .jsonWrongType,
            "expected \(expected), found \(node.value.typeName)",
            details: ["expected": expected, "actual": node.value.typeName]
        )
    }
}
