import Foundation
import VouchCore
import VouchJSON

/// A manifest-like document, read strictly: an image manifest or an index, with the kind settled before any member
/// is trusted.
///
/// The kind comes from the document's own `mediaType`; when that is absent (OCI allows it), from the media type
/// the descriptor or the registry declared; only when both are absent, from the shape of the document. A document
/// whose own media type disagrees with the declared one, or whose members belong to the other kind (`manifests`
/// in an image manifest, `layers` in an index), is refused: that ambiguity is how one document is made to mean two
/// things to two readers.
public enum Manifest: Hashable, Sendable {
    case image(ImageManifest)
    case index(ImageIndex)

    public var kind: ManifestKind {
        switch self {
        case .image(let manifest): manifest.kind
        case .index(let index): index.kind
        }
    }

    public var subject: Descriptor? {
        switch self {
        case .image(let manifest): manifest.subject
        case .index(let index): index.subject
        }
    }

    public var annotations: [String: String] {
        switch self {
        case .image(let manifest): manifest.annotations
        case .index(let index): index.annotations
        }
    }

    public var artifactType: String? {
        switch self {
        case .image(let manifest): manifest.effectiveArtifactType
        case .index(let index): index.artifactType
        }
    }

    /// Every descriptor this document points at, with its JSON pointer: manifests of an index, or the config then
    /// the layers of an image manifest. The subject is not a child: it is not part of the content.
    public var children: [(descriptor: Descriptor, pointer: JSONPointer)] {
        switch self {
        case .index(let index):
            index.manifests.enumerated().map { ($0.element, JSONPointer.root / "manifests" / $0.offset) }
        case .image(let manifest):
            [(manifest.config, JSONPointer.root / "config")]
                + manifest.layers.enumerated().map { ($0.element, JSONPointer.root / "layers" / $0.offset) }
        }
    }

    /// Parses a manifest or index.
    ///
    /// - Parameters:
    ///   - bytes: the exact bytes, already checked against their digest by the caller.
    ///   - declaredMediaType: what the descriptor or the registry's `Content-Type` said, if anything.
    ///   - input: the name findings use (a path or a reference).
    /// - Throws: every problem found, each located by JSON pointer: `oci.manifest.too-large`, JSON errors,
    ///   `oci.media-type.unknown`, `oci.media-type.mismatch`, `oci.manifest.unsupported`, `oci.manifest.invalid`,
    ///   and descriptor problems.
    public static func parse(
        _ bytes: some DataProtocol, declaredMediaType: String?, input: String, limits: Limits = .default
    ) throws(FindingError) -> Manifest {
        guard bytes.count <= limits.maxManifestBytes else {
            throw FindingError(
                .ociManifestTooLarge, "a manifest larger than \(limits.maxManifestBytes) bytes is refused",
                input: input,
                details: ["limit": String(limits.maxManifestBytes), "size": String(bytes.count)])
        }
        let document = try JSONDocument.parse(bytes, input: input, limits: limits)
        return try parse(document.cursor, declaredMediaType: declaredMediaType)
    }

    /// Parses a manifest or index from an already parsed JSON value (`index.json` of a layout uses this).
    public static func parse(_ root: JSONCursor, declaredMediaType: String?) throws(FindingError) -> Manifest {
        let parsed = try parseKeepingValidEntries(root, declaredMediaType: declaredMediaType)
        guard parsed.findings.isEmpty, let manifest = parsed.manifest else { throw FindingError(parsed.findings) }
        return manifest
    }

    /// Parses as much as can be trusted: the document with its valid descriptors, and a finding for every invalid
    /// one. A checker uses this to go on walking the siblings of a bad descriptor; a reader that needs the whole
    /// document uses ``parse(_:declaredMediaType:)``, which refuses it.
    ///
    /// - Throws: when the kind of document cannot be settled at all.
    public static func parseKeepingValidEntries(
        _ root: JSONCursor, declaredMediaType: String?
    )
        throws(FindingError) -> PartialManifest
    {
        let object = try root.object()
        let versionCursor = try root.required("schemaVersion")
        let version = try versionCursor.int()
        let inner = try root.optional("mediaType")
        let innerType = try inner?.string()
        if version == 1 || innerType.map({ MediaType.kind(of: $0) == .dockerSchema1 }) == true
            || declaredMediaType.map({ MediaType.kind(of: $0) == .dockerSchema1 }) == true
        {
            throw root.error(
                .ociManifestUnsupported, "Docker schema 1 manifests are not content-addressed and are refused",
                details: ["mediaType": innerType ?? declaredMediaType ?? "", "schemaVersion": String(version)])
        }
        guard version == 2 else {
            throw versionCursor.error(
                .ociManifestInvalid, "schemaVersion must be 2", details: ["actual": String(version)])
        }
        let kind = try settleKind(root, inner: inner, innerType: innerType, declared: declaredMediaType, object: object)
        var findings: [Finding] = []
        if kind.isIndex {
            for key in ["config", "layers"] where object[key] != nil {
                findings.append(
                    try root.required(key).finding(
                        .ociManifestInvalid, "an index must not carry '\(key)': the document would mean two things"))
            }
        } else if object["manifests"] != nil {
            findings.append(
                try root.required("manifests").finding(
                    .ociManifestInvalid,
                    "an image manifest must not carry 'manifests': the document would mean two things"))
        }

        func collect<T>(_ body: () throws(FindingError) -> T) -> T? {
            do { return try body() } catch {
                findings += error.findings
                return nil
            }
        }
        let artifactType = collect { () throws(FindingError) in try root.optional("artifactType")?.string() } ?? nil
        let annotations =
            collect { () throws(FindingError) in
                try root.optional("annotations").map { (cursor) throws(FindingError) in
                    try Descriptor.annotations(cursor)
                }
            } ?? nil
        let subject =
            collect { () throws(FindingError) in
                try root.optional("subject").map { (cursor) throws(FindingError) in try Descriptor.parse(cursor) }
            } ?? nil

        if kind.isIndex {
            let manifests = collect { () throws(FindingError) in try root.required("manifests").array() } ?? []
            let children = manifests.compactMap { cursor in
                collect { () throws(FindingError) in (try Descriptor.parse(cursor), cursor.pointer) }
            }
            let index = ImageIndex(
                kind: kind, artifactType: artifactType, manifests: children.map(\.0), subject: subject,
                annotations: annotations ?? [:])
            return PartialManifest(manifest: .index(index), findings: findings, children: children)
        }
        let config = collect { () throws(FindingError) in try Descriptor.parse(try root.required("config")) }
        let layerCursors = collect { () throws(FindingError) in try root.required("layers").array() } ?? []
        let layers = layerCursors.compactMap { cursor in
            collect { () throws(FindingError) in (try Descriptor.parse(cursor), cursor.pointer) }
        }
        let children = (config.map { [($0, JSONPointer.root / "config")] } ?? []) + layers
        guard let config else { return PartialManifest(manifest: nil, findings: findings, children: children) }
        let manifest = ImageManifest(
            kind: kind, artifactType: artifactType, config: config, layers: layers.map(\.0), subject: subject,
            annotations: annotations ?? [:])
        return PartialManifest(manifest: .image(manifest), findings: findings, children: children)
    }

    /// The kind, from the document's media type, the declared one, or the shape, in that order of trust.
    private static func settleKind(
        _ root: JSONCursor, inner: JSONCursor?, innerType: String?, declared: String?, object: JSONObject
    ) throws(FindingError) -> ManifestKind {
        let declaredKind = declared.flatMap(MediaType.kind(of:))
        if let inner, let innerType {
            guard let kind = MediaType.kind(of: innerType) else {
                throw inner.error(
                    .ociMediaTypeUnknown, "unknown manifest media type '\(innerType)'",
                    details: ["mediaType": innerType])
            }
            if let declared, declaredKind != kind {
                throw inner.error(
                    .ociMediaTypeMismatch, "the manifest says it is '\(innerType)' but was declared as '\(declared)'",
                    details: ["declared": declared, "actual": innerType])
            }
            return kind
        }
        if let declared {
            guard let declaredKind else {
                throw root.error(
                    .ociMediaTypeUnknown, "unknown manifest media type '\(declared)'", details: ["mediaType": declared])
            }
            // Docker schema 2 documents always carry their media type; its absence means the declaration is wrong.
            if declaredKind == .dockerManifest || declaredKind == .dockerManifestList {
                throw root.error(
                    .ociMediaTypeMismatch, "a Docker schema 2 document must carry its own mediaType",
                    details: ["declared": declared])
            }
            return declaredKind
        }
        if object["manifests"] != nil { return .ociIndex }
        if object["config"] != nil { return .ociManifest }
        throw root.error(
            .ociManifestInvalid, "neither an image manifest nor an index: no mediaType, config or manifests")
    }
}

/// What ``Manifest/parseKeepingValidEntries(_:declaredMediaType:)`` could read.
public struct PartialManifest: Sendable {
    /// The document with its valid descriptors, or `nil` when a required part (an image's config) is unusable.
    public var manifest: Manifest?
    /// A finding for every part that could not be read.
    public var findings: [Finding]
    /// The valid child descriptors with their true JSON pointers (an index's manifests, or config and layers).
    public var children: [(descriptor: Descriptor, pointer: JSONPointer)]
}
