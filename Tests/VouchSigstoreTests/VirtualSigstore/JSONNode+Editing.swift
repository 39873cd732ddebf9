import VouchCore
import VouchJSON

extension JSONNode {
    /// A copy with the value at `pointer` replaced (or added as an object member), for building negative cases.
    func setting(_ pointer: String, _ value: JSONNode) -> JSONNode {
        let tokens = try! JSONPointer(parsing: pointer).tokens
        return Self.edit(self, tokens[...]) { _ in value }
    }

    /// A copy without the member or element at `pointer`.
    func removing(_ pointer: String) -> JSONNode {
        let tokens = try! JSONPointer(parsing: pointer).tokens
        return Self.edit(self, tokens[...]) { _ in nil }
    }

    /// The value at `pointer`.
    func value(at pointer: String) -> JSONNode? {
        var node = self
        for token in try! JSONPointer(parsing: pointer).tokens {
            switch node.value {
            case .object(let object): guard let next = object[token] else { return nil }; node = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }; node = items[index]
            default: return nil
            }
        }
        return node
    }

    /// The string at `pointer`.
    func string(at pointer: String) -> String? {
        if case .string(let text) = value(at: pointer)?.value { return text }
        return nil
    }

    private static func edit(
        _ node: JSONNode, _ tokens: ArraySlice<String>, _ change: (JSONNode?) -> JSONNode?
    ) -> JSONNode {
        guard let first = tokens.first else { return change(node) ?? nil }
        let rest = tokens.dropFirst()
        switch node.value {
        case .object(var object):
            if rest.isEmpty {
                object[first] = change(object[first])
            } else if let child = object[first] {
                object[first] = edit(child, rest, change)
            }
            return JSONNode(.object(object))
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { return node }
            if rest.isEmpty {
                if let replaced = change(items[index]) { items[index] = replaced } else { items.remove(at: index) }
            } else {
                items[index] = edit(items[index], rest, change)
            }
            return JSONNode(.array(items))
        default:
            return node
        }
    }
}
