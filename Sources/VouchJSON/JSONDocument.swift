import Foundation
import VouchCore

/// A parsed JSON document: the located tree and the name of the input it came from.
public struct JSONDocument: Hashable, Sendable {
    /// What the input is called in findings (a path, a URL, `-`).
    public let input: String
    public let root: JSONNode

    public init(input: String, root: JSONNode) {
        self.input = input
        self.root = root
    }

    /// Parses UTF-8 JSON text strictly, in one iterative pass that builds the located tree.
    ///
    /// Refused, each with its own finding code and the line and column where the parser stopped: syntax errors,
    /// truncation, trailing content, duplicate keys, invalid UTF-8, nesting deeper than ``Limits/maxJSONDepth``,
    /// documents over ``Limits/maxJSONBytes``, numbers outside the double range, and oversized strings, numbers and
    /// containers.
    public static func parse(
        _ data: some DataProtocol,
        input: String,
        limits: Limits = .default
    ) throws(FindingError) -> JSONDocument {
        guard data.count <= limits.maxJSONBytes else {
            throw FindingError(
                .jsonTooLarge,
                "the document is larger than the limit of \(limits.maxJSONBytes) bytes",
                input: input,
                details: ["limit": String(limits.maxJSONBytes), "actual": String(data.count)]
            )
        }
        let bytes = Array(data)
        let result: Result<JSONNode, FindingError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, input: input, limits: limits)
            do throws(FindingError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(withSecondOpinion(error, on: UnsafeRawBufferPointer(buffer)))
            }
        }
        return JSONDocument(input: input, root: try result.get())
    }

    /// jansson's judgement of the same bytes, independent of ``parse(_:input:limits:)``: `nil` when jansson accepts
    /// the grammar (`JSON_REJECT_DUPLICATES`, so duplicate keys are refused too), else the finding for its first error
    /// with line, column and byte offset.
    ///
    /// The Swift parser checks the whole grammar itself and is the one that decides; a document is read once. jansson
    /// is the second opinion: it reads only refused documents, adding its own reading of the error to the finding
    /// (`details["jansson"]`), and the differential fuzzer (`scripts/fuzz`) and the tests hold the two parsers to the
    /// same verdict on every input (``JSONCrossCheck``).
    public static func secondOpinion(_ data: some DataProtocol, input: String) -> Finding? {
        Array(data).withUnsafeBytes { Jansson.firstError(in: $0, input: input) }
    }

    /// The Swift parser's refusal with jansson's reading of the same bytes as a detail. Refusals for a `Limits`
    /// bound are the Swift parser's alone (jansson has no such bounds) and stay as they are.
    private static func withSecondOpinion(_ error: FindingError, on bytes: UnsafeRawBufferPointer) -> FindingError {
        guard var finding = error.findings.first, !JSONCrossCheck.limitCodes.contains(finding.code) else { return error }
        if let jansson = Jansson.firstError(in: bytes, input: finding.location.input) {
            let position = jansson.location.position.map { "\($0.line):\($0.column): " } ?? ""
            finding.details["jansson"] = position + (jansson.details["jansson"] ?? jansson.message)
        } else {
            finding.details["jansson"] = "accepts the document"
        }
        return FindingError([finding] + error.findings.dropFirst())
    }

    /// Parses a string's UTF-8.
    public static func parse(
        _ text: String, input: String, limits: Limits = .default
    ) throws(FindingError) -> JSONDocument {
        try parse(Array(text.utf8), input: input, limits: limits)
    }

    /// The node a pointer names, or `nil`.
    public func node(at pointer: JSONPointer) -> JSONNode? {
        var node = root
        for token in pointer.tokens {
            switch node.value {
            case .object(let object):
                guard let next = object[token] else { return nil }
                node = next
            case .array(let elements):
                // RFC 6901 §4: decimal digits, no leading zeros; "-" names nothing that exists.
                guard let index = Int(token), String(index) == token, index >= 0, index < elements.count else {
                    return nil
                }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// A cursor at the root, for typed access that reports findings with pointers.
    public var cursor: JSONCursor { JSONCursor(input: input, pointer: .root, node: root) }

    /// A cursor at a pointer; `json.pointer.not-found` when nothing is there.
    public func cursor(at pointer: JSONPointer) throws(FindingError) -> JSONCursor {
        guard let node = node(at: pointer) else {
            throw FindingError(
                .jsonPointerNotFound, "no value at \(pointer.description.isEmpty ? "the root" : pointer.description)",
                input: input, pointer: pointer)
        }
        return JSONCursor(input: input, pointer: pointer, node: node)
    }

    /// The RFC 8785 canonical bytes of the whole document.
    public var canonicalBytes: [UInt8] { JCS.canonicalBytes(root) }
}
