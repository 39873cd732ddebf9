import VouchCore
import VouchJSON

/// The payload a cosign image signature signs (containers/image "simple signing", cosign flavour):
///
/// ```
/// { "critical": { "identity": { "docker-reference": string },
///                 "image": { "docker-manifest-digest": "sha256:<hex>" },
///                 "type": "cosign container image signature" },
///   "optional": { string: any } | null }
/// ```
/// Member names are matched without regard to ASCII case, as Go's `encoding/json` (and so cosign) matches them,
/// but `critical` and its objects must hold exactly these members: an unknown critical member may carry a meaning
/// this reader would miss (containers/image refuses it too). Parsed from the payload bytes as signed.
public struct SimpleSigningPayload: Sendable {
    public let dockerReference: String
    public let dockerManifestDigest: String
    public let type: String
    /// `optional`, each value as its JSON text for non-strings (annotations given with `-a` are strings).
    public let optional: [String: String]
    /// Where the document is, for findings (`/critical/…` pointers are relative to it).
    public let location: SourceLocation

    /// The only `critical.type` cosign accepts.
    public static let cosignType = "cosign container image signature"

    /// Parses a payload.
    ///
    /// - Throws: `image.payload.malformed`, located in the payload.
    public static func parse(_ bytes: [UInt8], at location: SourceLocation) throws(FindingError) -> SimpleSigningPayload
    {
        func malformed(_ reason: String, _ pointer: JSONPointer = .root) -> FindingError {
            FindingError(
                Finding(
                    .imagePayloadMalformed, "the payload is not a cosign simple-signing document: \(reason)",
                    at: SourceLocation(input: location.input, pointer: pointer)))
        }
        let root: JSONCursor
        do {
            root = try JSONDocument.parse(bytes, input: location.input).cursor
        } catch {
            throw malformed(error.findings[0].message)
        }
        func member(_ cursor: JSONCursor, _ name: String, exactly allowed: [String]?) throws(FindingError) -> JSONCursor
        {
            guard case .object(let object) = cursor.value else {
                throw malformed("expected an object", cursor.pointer)
            }
            var found: JSONCursor? = nil
            for key in object.keys {
                let known = allowed.map { $0.contains { $0.caseInsensitiveEquals(key) } } ?? true
                guard known else { throw malformed("unknown critical member '\(key)'", cursor.pointer / key) }
                if key.caseInsensitiveEquals(name) {
                    guard found == nil else { throw malformed("'\(name)' appears twice", cursor.pointer / key) }
                    found = JSONCursor(input: cursor.input, pointer: cursor.pointer / key, node: object[key]!)
                }
            }
            guard let found else { throw malformed("'\(name)' is missing", cursor.pointer) }
            return found
        }
        func string(_ cursor: JSONCursor) throws(FindingError) -> String {
            guard case .string(let text) = cursor.value else { throw malformed("expected a string", cursor.pointer) }
            return text
        }
        let criticalMembers = ["identity", "image", "type"]
        let critical = try member(root, "critical", exactly: nil)
        let identity = try member(critical, "identity", exactly: criticalMembers)
        let image = try member(critical, "image", exactly: criticalMembers)
        let type = try member(critical, "type", exactly: criticalMembers)
        let reference = try member(identity, "docker-reference", exactly: ["docker-reference"])
        let digest = try member(image, "docker-manifest-digest", exactly: ["docker-manifest-digest"])
        var optional: [String: String] = [:]
        if case .object(let object) = root.value,
            let key = object.keys.first(where: { $0.caseInsensitiveEquals("optional") }), let node = object[key]
        {
            switch node.value {
            case .null: break
            case .object(let annotations):
                for item in annotations.members {
                    if case .string(let text) = item.value.value {
                        optional[item.key] = text
                    } else {
                        optional[item.key] = JCS.canonicalString(item.value)
                    }
                }
            default: throw malformed("'optional' must be an object or null", .root / key)
            }
        }
        return SimpleSigningPayload(
            dockerReference: try string(reference), dockerManifestDigest: try string(digest), type: try string(type),
            optional: optional, location: location)
    }
}

extension String {
    /// Equality ignoring ASCII case, as Go's `encoding/json` matches member names.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
