import VouchCore

/// A registry image reference, normalised the way docker/distribution and containerd do.
///
/// ```
/// reference      = name [ ":" tag ] [ "@" digest ]
/// name           = [ domain "/" ] path-component *( "/" path-component )      ; at most 255 characters
/// domain         = host [ ":" port ]
/// host           = domain-component *( "." domain-component ) / "[" ipv6 "]"
/// domain-component = alnum / alnum *( alnum / "-" ) alnum
/// path-component = lower-alnum *( separator lower-alnum )
/// separator      = "." / "_" / "__" / 1*"-"
/// tag            = word-char *127( word-char / "." / "-" )
/// ```
/// The first component is a registry only when it contains `.` or `:`, is `localhost`, or has an uppercase letter
/// (which a repository cannot); otherwise the registry is `docker.io`. `index.docker.io` becomes `docker.io`, and a
/// one-component repository on Docker Hub gets `library/`. A reference with neither tag nor digest means `latest`.
/// A bare 64-character hex string is refused: it is an image ID, and guessing it is a repository would be wrong.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`.
    public var registry: String
    /// `library/alpine`, `org/team/app`.
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    public init(registry: String, repository: String, tag: String? = nil, digest: Digest? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Docker Hub's name in references.
    public static let dockerHub = "docker.io"

    /// Parses and normalises a reference; `oci.reference.invalid` (or a digest finding) when it is not one.
    public init(parsing text: String, input: String? = nil) throws(FindingError) {
        let input = input ?? text
        func invalid(_ reason: String) -> FindingError {
            FindingError(
                .ociReferenceInvalid, "'\(text)' is not an image reference: \(reason)", input: input,
                details: ["reference": text])
        }
        guard !text.isEmpty else { throw invalid("it is empty") }
        if text.utf8.count == 64, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
            throw invalid("a 64-character hex string is an image ID, not a repository")
        }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.lastIndex(of: "@") {
            digest = try OCIDigest.parse(String(rest[rest.index(after: at)...]), input: input)
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let candidate = String(rest[rest.index(after: colon)...])
            guard Self.isTag(candidate) else { throw invalid("'\(candidate)' is not a valid tag") }
            tag = candidate
            rest = rest[..<colon]
        }
        let name = String(rest)
        guard !name.isEmpty else { throw invalid("the repository name is missing") }
        guard name.utf8.count <= 255 else { throw invalid("the name is longer than 255 characters") }

        var registry = Self.dockerHub
        var repository = name
        if let slash = name.firstIndex(of: "/") {
            let first = name[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                registry = String(first)
                repository = String(name[name.index(after: slash)...])
            }
        }
        guard Self.isDomain(registry) else { throw invalid("'\(registry)' is not a valid registry host") }
        if registry == "index.docker.io" { registry = Self.dockerHub }
        guard repository.lowercased() == repository else { throw invalid("repository names must be lowercase") }
        let components = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy(Self.isPathComponent) else {
            throw invalid("'\(repository)' is not a valid repository path")
        }
        if registry == Self.dockerHub && components.count == 1 { repository = "library/" + repository }
        self.init(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// What the registry is asked for: the digest when there is one, else the tag, else `latest`.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// The host the registry API is reached at: Docker Hub serves the API from `registry-1.docker.io`.
    public var apiHost: String { registry == Self.dockerHub ? "registry-1.docker.io" : registry }

    /// `registry/repository`.
    public var name: String { "\(registry)/\(repository)" }

    /// The same repository at another tag or digest.
    public func with(tag: String? = nil, digest: Digest? = nil) -> ImageReference {
        ImageReference(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// The fully qualified form: `docker.io/library/alpine:3.20@sha256:…`; `:latest` when neither is given.
    public var description: String {
        var text = name
        if let tag { text += ":" + tag } else if digest == nil { text += ":latest" }
        if let digest { text += "@" + digest.description }
        return text
    }

    // MARK: Grammar

    static func isTag(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...128).contains(bytes.count), isWordByte(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { isWordByte($0) || $0 == 0x2E || $0 == 0x2D }
    }

    static func isPathComponent(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else {
            return false
        }
        var index = 0
        while index < bytes.count {
            if isLowerAlnum(bytes[index]) {
                index += 1
                continue
            }
            // A separator: ".", "_", "__" or a run of "-"; it must be followed by an alphanumeric.
            let start = index
            switch bytes[index] {
            case 0x2E: index += 1
            case 0x5F: index += (index + 1 < bytes.count && bytes[index + 1] == 0x5F) ? 2 : 1
            case 0x2D: while index < bytes.count && bytes[index] == 0x2D { index += 1 }
            default: return false
            }
            guard index > start, index < bytes.count, isLowerAlnum(bytes[index]) else { return false }
        }
        return true
    }

    static func isDomain(_ text: String) -> Bool {
        var host = Substring(text)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let address = host[host.index(after: host.startIndex)..<close]
            guard !address.isEmpty, address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return false
            }
            host = host[host.index(after: close)...]
            if host.isEmpty { return true }
            guard host.hasPrefix(":") else { return false }
            return isPort(host.dropFirst())
        }
        if let colon = host.lastIndex(of: ":") {
            guard isPort(host[host.index(after: colon)...]) else { return false }
            host = host[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty
            && labels.allSatisfy { label in
                let bytes = Array(label.utf8)
                guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else {
                    return false
                }
                return bytes.allSatisfy { isAlnum($0) || $0 == 0x2D }
            }
    }

    private static func isPort(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 5 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && Int(text)! <= 65535
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
    private static func isAlnum(_ byte: UInt8) -> Bool { isLowerAlnum(byte) || (byte >= 0x41 && byte <= 0x5A) }
    private static func isWordByte(_ byte: UInt8) -> Bool { isAlnum(byte) || byte == 0x5F }
}
