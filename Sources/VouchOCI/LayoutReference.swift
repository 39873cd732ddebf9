import VouchCore

/// A reference to an image in an OCI image layout directory: `oci:PATH`, `oci:PATH:TAG` or `oci:PATH@DIGEST`.
///
/// ```
/// layout-reference = "oci:" path [ ":" ref-name / "@" digest ]
/// ref-name  = component *( "/" component )                  ; image-layout annotations, ref.name
/// component = alnum *( separator alnum )
/// separator = "-" / "." / "_" / ":" / "@" / "+" / "--"
/// ```
/// As in skopeo's `oci:` transport, the path ends at the first `:` (so a tag may contain `:`), and a digest is taken
/// after the last `@`. Without a tag or digest the layout must hold exactly one image (or be a `cosign save`
/// layout, whose `kind` annotations say which entry is the image).
public struct LayoutReference: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var tag: String?
    public var digest: Digest?

    public init(path: String, tag: String? = nil, digest: Digest? = nil) {
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// The transport prefix.
    public static let prefix = "oci:"

    /// Parses `oci:PATH[:tag|@digest]`.
    public init(parsing text: String, input: String? = nil) throws(FindingError) {
        let input = input ?? text
        func invalid(_ reason: String) -> FindingError {
            FindingError(
                .ociReferenceInvalid, "'\(text)' is not a layout reference: \(reason)", input: input,
                details: ["reference": text])
        }
        guard text.hasPrefix(Self.prefix) else { throw invalid("it does not start with 'oci:'") }
        var rest = Substring(text.dropFirst(Self.prefix.count))
        var digest: Digest?
        if let at = rest.lastIndex(of: "@"), let candidate = Optional(rest[rest.index(after: at)...]),
            candidate.contains(":")
        {
            digest = try OCIDigest.parse(String(candidate), input: input)
            rest = rest[..<at]
        }
        var tag: String?
        if digest == nil, let colon = rest.firstIndex(of: ":") {
            let candidate = String(rest[rest.index(after: colon)...])
            guard Self.isRefName(candidate) else { throw invalid("'\(candidate)' is not a valid ref.name") }
            tag = candidate
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw invalid("the layout path is missing") }
        self.init(path: String(rest), tag: tag, digest: digest)
    }

    public var description: String {
        var text = Self.prefix + path
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest.description }
        return text
    }

    /// The image-layout `ref.name` grammar.
    public static func isRefName(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return text.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            let bytes = Array(component.utf8)
            guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
            var previousSeparator = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if isAlnum(byte) {
                    previousSeparator = false
                } else if "-._:@+".utf8.contains(byte) {
                    // "--" is the one two-character separator; any other pair of separators is refused.
                    if previousSeparator
                        && !(byte == 0x2D && bytes[index - 1] == 0x2D
                            && (index < 2 || bytes[index - 2] != 0x2D))
                    {
                        return false
                    }
                    previousSeparator = true
                } else {
                    return false
                }
                index += 1
            }
            return true
        }
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }
}

/// Either a registry reference or a layout reference, as the `vouch oci` commands take them.
public enum ContentReference: Hashable, Sendable, CustomStringConvertible {
    case registry(ImageReference)
    case layout(LayoutReference)

    /// `oci:…` is a layout; anything else is a registry reference.
    public init(parsing text: String) throws(FindingError) {
        if text.hasPrefix(LayoutReference.prefix) {
            self = .layout(try LayoutReference(parsing: text))
        } else {
            self = .registry(try ImageReference(parsing: text))
        }
    }

    public var description: String {
        switch self {
        case .registry(let reference): reference.description
        case .layout(let reference): reference.description
        }
    }
}
