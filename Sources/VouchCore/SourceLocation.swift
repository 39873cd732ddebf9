/// Where a ``Finding`` points: an input, and inside it a JSON pointer and a text position when they are known.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// What the input is called for the user: a path, a URL, an image reference, `-` for standard input.
    public var input: String
    /// RFC 6901 pointer into the input's JSON document, if the input is JSON and the place is known.
    public var pointer: JSONPointer?
    /// Line and column in the input's text, if the parser knew them.
    public var position: TextPosition?

    public init(input: String, pointer: JSONPointer? = nil, position: TextPosition? = nil) {
        self.input = input
        self.pointer = pointer
        self.position = position
    }

    /// `input:line:column#pointer`, leaving out what is unknown.
    public var description: String {
        var text = input
        if let position { text += ":\(position.line):\(position.column)" }
        if let pointer { text += "#\(pointer)" }
        return text
    }
}
