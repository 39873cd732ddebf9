import VouchCore
import VouchJSON

/// SLSA provenance, v0.2 (`https://slsa.dev/provenance/v0.2`) or v1 (`https://slsa.dev/provenance/v1`), reduced to
/// what a verifier decides on: who built it, how, and from which source.
///
/// ```
/// v0.2: { builder{id}, buildType, invocation{configSource{uri, digest, entryPoint}, parameters, environment},
///         metadata{buildInvocationId, buildStartedOn, buildFinishedOn, …}, materials[{uri, digest}] }
/// v1:   { buildDefinition{buildType, externalParameters, internalParameters, resolvedDependencies[{uri, digest, name}]},
///         runDetails{builder{id, version}, metadata{invocationId, startedOn, finishedOn}, byproducts} }
/// ```
public struct SLSAProvenance: Sendable {
    public enum Version: String, Sendable, Hashable {
        case v02 = "https://slsa.dev/provenance/v0.2"
        case v1 = "https://slsa.dev/provenance/v1"
    }

    public let version: Version
    public let builderID: String
    public let buildType: String
    /// The source repository as recorded (for example `git+https://github.com/o/r@refs/tags/v1`), if any.
    public let sourceURI: String?
    /// The git ref the build ran on (`refs/heads/main`, `refs/tags/v1.2.3`), if recorded.
    public let sourceRef: String?
    /// Digests of the source revision by algorithm (`sha1` for git commits).
    public let sourceDigest: [String: String]
    /// For builds triggered by a tag: the branch the tag was pushed from, as GitHub records it (`base_ref`).
    public let baseRef: String?
    /// Build parameters (v0.2 `invocation.parameters`, v1 `buildDefinition.externalParameters`).
    public let parameters: JSONCursor?
    /// Materials (v0.2) or resolved dependencies (v1).
    public let dependencies: [ResourceDescriptor]
    public let invocationID: String?
    public let startedOn: String?
    public let finishedOn: String?
    /// Where the predicate is, for findings.
    public let location: SourceLocation

    /// Reads the provenance predicate of a statement whose predicate type is a SLSA provenance version.
    public init(_ statement: InTotoStatement) throws(FindingError) {
        guard let version = Version(rawValue: statement.predicateType) else {
            throw FindingError(
                .predicateTypeMismatch, "predicate type '\(statement.predicateType)' is not SLSA provenance v0.2 or v1",
                input: statement.document.input, pointer: ["predicateType"])
        }
        guard let predicate = statement.predicate else {
            throw FindingError(.predicateMalformed, "the provenance has no predicate", input: statement.document.input)
        }
        self.version = version
        self.location = predicate.location
        do throws(FindingError) {
            switch version {
            case .v02:
                builderID = try predicate.required("builder").required("id").string()
                buildType = try predicate.required("buildType").string()
                let invocation = try predicate.optional("invocation", nullIsAbsent: true)
                let configSource = try invocation?.optional("configSource", nullIsAbsent: true)
                sourceURI = try configSource?.optional("uri", nullIsAbsent: true)?.string()
                sourceDigest = try Self.digests(configSource?.optional("digest", nullIsAbsent: true))
                parameters = try invocation?.optional("parameters", nullIsAbsent: true)
                let environment = try invocation?.optional("environment", nullIsAbsent: true)
                if let ref = sourceURI.flatMap(Self.ref(in:)) {
                    sourceRef = ref
                } else {
                    sourceRef = try environment?.optional("github_ref", nullIsAbsent: true)?.string()
                }
                baseRef = try Self.nonEmpty(
                    environment?.optional("github_event_payload", nullIsAbsent: true)?
                        .optional("base_ref", nullIsAbsent: true)?.string())
                dependencies = try Self.descriptors(predicate.optional("materials", nullIsAbsent: true))
                let metadata = try predicate.optional("metadata", nullIsAbsent: true)
                invocationID = try metadata?.optional("buildInvocationId", nullIsAbsent: true)?.string()
                startedOn = try metadata?.optional("buildStartedOn", nullIsAbsent: true)?.string()
                finishedOn = try metadata?.optional("buildFinishedOn", nullIsAbsent: true)?.string()
            case .v1:
                let definition = try predicate.required("buildDefinition")
                let run = try predicate.required("runDetails")
                builderID = try run.required("builder").required("id").string()
                buildType = try definition.required("buildType").string()
                parameters = try definition.optional("externalParameters", nullIsAbsent: true)
                dependencies = try Self.descriptors(definition.optional("resolvedDependencies", nullIsAbsent: true))
                // GitHub's generators record the workflow's repository and ref; others only the first dependency.
                let workflow = try parameters?.optional("workflow", nullIsAbsent: true)
                let repository = try workflow?.optional("repository", nullIsAbsent: true)?.string()
                let workflowRef = try workflow?.optional("ref", nullIsAbsent: true)?.string()
                let firstSource = dependencies.first { $0.uri?.hasPrefix("git+") == true }
                sourceURI = repository ?? firstSource?.uri
                sourceRef = workflowRef ?? firstSource?.uri.flatMap(Self.ref(in:))
                sourceDigest = firstSource?.digest ?? [:]
                baseRef = nil
                let metadata = try run.optional("metadata", nullIsAbsent: true)
                invocationID = try metadata?.optional("invocationId", nullIsAbsent: true)?.string()
                startedOn = try metadata?.optional("startedOn", nullIsAbsent: true)?.string()
                finishedOn = try metadata?.optional("finishedOn", nullIsAbsent: true)?.string()
            }
        } catch {
            throw FindingError(error.findings.map { finding in
                var copy = finding
                if copy.code.rawValue.hasPrefix("json.") { copy.code = .predicateMalformed }
                return copy
            })
        }
    }

    /// `github.com/o/r` for `git+https://github.com/o/r@refs/heads/main`, `https://github.com/o/r.git` and the like:
    /// scheme, `git+`, user info, ref and a trailing `.git` removed, so repositories compare exactly.
    public static func normalizedRepository(_ uri: String) -> String {
        var text = Substring(uri)
        if text.hasPrefix("git+") { text = text.dropFirst(4) }
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let at = text.firstIndex(of: "@"), let slash = text.firstIndex(of: "/"), at < slash {
            text = text[text.index(after: at)...]  // user@host
        }
        if let at = text.lastIndex(of: "@"), let slash = text.firstIndex(of: "/"), at > slash {
            text = text[..<at]  // …@ref
        }
        if text.hasSuffix(".git") { text = text.dropLast(4) }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// The ref after the last `@` of a `git+…@ref` URI.
    static func ref(in uri: String) -> String? {
        guard let at = uri.lastIndex(of: "@"), let slash = uri.lastIndex(of: "/"), at > slash else { return nil }
        let ref = uri[uri.index(after: at)...]
        return ref.isEmpty ? nil : String(ref)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func digests(_ cursor: JSONCursor?) throws(FindingError) -> [String: String] {
        guard let cursor else { return [:] }
        var digests: [String: String] = [:]
        for (algorithm, value) in try cursor.members() { digests[algorithm] = try value.string().lowercased() }
        return digests
    }

    private static func descriptors(_ cursor: JSONCursor?) throws(FindingError) -> [ResourceDescriptor] {
        guard let cursor else { return [] }
        var out: [ResourceDescriptor] = []
        for entry in try cursor.array() {
            out.append(ResourceDescriptor(
                uri: try entry.optional("uri", nullIsAbsent: true)?.string(),
                name: try entry.optional("name", nullIsAbsent: true)?.string(),
                digest: try digests(entry.optional("digest", nullIsAbsent: true))))
        }
        return out
    }
}

/// An in-toto ResourceDescriptor (as much of it as verification reads).
public struct ResourceDescriptor: Sendable, Hashable {
    public let uri: String?
    public let name: String?
    public let digest: [String: String]
}
