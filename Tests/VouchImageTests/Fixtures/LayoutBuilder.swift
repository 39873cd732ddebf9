import Foundation
import VouchCore
import VouchJSON
import VouchTestSupport

/// Writes an OCI image layout: starts from a committed image layout of testdata/oci (made by umoci and skopeo),
/// adds blobs and manifests, tags entries, and writes `index.json` last.
struct LayoutBuilder {
    let directory: URL
    /// The entries of `index.json`, in order.
    var entries: [JSONNode]

    /// A copy of `testdata/oci/<base>` at `directory`.
    init(copying base: String, to directory: URL) throws {
        let source = TestPaths.fixture("oci/\(base)")
        let manager = FileManager.default
        try manager.createDirectory(
            at: directory.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        try manager.copyItem(
            at: source.appendingPathComponent("oci-layout"), to: directory.appendingPathComponent("oci-layout"))
        for name in try manager.contentsOfDirectory(atPath: source.appendingPathComponent("blobs/sha256").path) {
            try manager.copyItem(
                at: source.appendingPathComponent("blobs/sha256/\(name)"),
                to: directory.appendingPathComponent("blobs/sha256/\(name)"))
        }
        self.directory = directory
        let index = try JSONDocument.parse(
            Data(contentsOf: source.appendingPathComponent("index.json")), input: "index.json")
        entries = try index.cursor.required("manifests").array().map(\.node)
    }

    /// The entry tagged `tag`.
    func entry(tagged tag: String) -> JSONNode {
        entries.first { $0.string("annotations", "org.opencontainers.image.ref.name") == tag }!
    }

    /// Writes a blob; its descriptor (without annotations).
    @discardableResult
    func blob(_ bytes: [UInt8], mediaType: String) throws -> JSONNode {
        let digest = Digest.of(bytes, using: .sha256)
        try Data(bytes).write(to: path(of: digest))
        return [
            "mediaType": .init(.string(mediaType)), "digest": .init(.string(digest.description)),
            "size": .init(.number(JSONNumber(bytes.count))),
        ]
    }

    /// Writes a manifest or index (its own `mediaType` is the descriptor's).
    func manifest(_ document: JSONNode) throws -> JSONNode {
        try blob(JCS.canonicalBytes(document), mediaType: document.string("mediaType")!)
    }

    /// The file of a blob.
    func path(of digest: Digest) -> URL { directory.appendingPathComponent("blobs/sha256/\(digest.hex)") }

    /// Adds `descriptor` to `index.json` with a tag.
    mutating func add(_ descriptor: JSONNode, tag: String?) {
        var entry = descriptor
        if let tag { entry = entry.with(annotation: "org.opencontainers.image.ref.name", tag) }
        entries.append(entry)
    }

    /// Replaces the entry tagged `tag`.
    mutating func replace(tag: String, with descriptor: JSONNode) {
        entries.removeAll { $0.string("annotations", "org.opencontainers.image.ref.name") == tag }
        add(descriptor, tag: tag)
    }

    func write() throws {
        let index: JSONNode = [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": .init(.array(entries)),
        ]
        try Data(JCS.canonicalBytes(index)).write(to: directory.appendingPathComponent("index.json"))
    }
}

extension JSONNode {
    /// The string at a path of object members, or `nil`.
    func string(_ path: String...) -> String? {
        var node = self
        for key in path {
            guard case .object(let object) = node.value, let child = object[key] else { return nil }
            node = child
        }
        if case .string(let text) = node.value { return text }
        return nil
    }

    /// The member `key` of this object, or `nil`.
    func member(_ key: String) -> JSONNode? {
        guard case .object(let object) = value else { return nil }
        return object[key]
    }

    /// This object with one member set.
    func setting(_ key: String, _ value: JSONNode) -> JSONNode {
        guard case .object(var object) = self.value else { return self }
        object[key] = value
        return JSONNode(.object(object))
    }

    /// This descriptor with an annotation added.
    func with(annotation key: String, _ value: String) -> JSONNode {
        var annotations: JSONObject = [:]
        if case .object(let object) = self.value, case .object(let existing)? = object["annotations"]?.value {
            annotations = existing
        }
        annotations[key] = .init(.string(value))
        return setting("annotations", .init(.object(annotations)))
    }
}
