import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes content into an image layout: blobs atomically (temporary file, then rename), `index.json` last.
///
/// A new directory becomes a layout; an existing layout is extended (its `index.json` must read cleanly). A
/// non-empty directory that is not a layout is refused rather than written into. Only content already checked
/// against its descriptor is written, so the layout never holds a blob under a name it does not hash to.
public struct LayoutWriter: Sendable {
    public let path: String
    /// Entries of the existing `index.json`, empty for a new layout.
    public let existingEntries: [Descriptor]

    public init(path: String, limits: Limits = .default) throws(FindingError) {
        self.path = path
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        // A layout without index.json is what a failed pull leaves: its checked blobs are reused, nothing is named.
        if manager.fileExists(atPath: path + "/oci-layout") && !manager.fileExists(atPath: path + "/index.json") {
            existingEntries = []
        } else if manager.fileExists(atPath: path + "/oci-layout") {
            let layout = try ImageLayout(at: path, limits: limits)
            guard layout.indexFindings.isEmpty else { throw FindingError(layout.indexFindings) }
            existingEntries = layout.index.manifests
        } else if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? manager.contentsOfDirectory(atPath: path))?.isEmpty ?? false else {
                throw FindingError(
                    .ociLayoutWriteFailed, "the target exists and is not an empty directory or a layout",
                    input: path)
            }
            existingEntries = []
        } else {
            existingEntries = []
        }
        do {
            try manager.createDirectory(atPath: path + "/blobs", withIntermediateDirectories: true)
            if !manager.fileExists(atPath: path + "/oci-layout") {
                try Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8).write(
                    to: URL(fileURLWithPath: path + "/oci-layout"), options: .atomic)
            }
        } catch {
            throw FindingError(
                .ociLayoutWriteFailed, "cannot create the layout: \(error.localizedDescription)", input: path)
        }
        try Self.refuseLink(path + "/blobs", layout: path)
    }

    /// The directory for an algorithm's blobs, created on demand, never a symbolic link.
    private func directory(for algorithm: DigestAlgorithm) throws(FindingError) -> String {
        let directory = path + "/blobs/" + algorithm.rawValue
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FindingError(
                .ociLayoutWriteFailed, "cannot create \(directory): \(error.localizedDescription)", input: path)
        }
        try Self.refuseLink(directory, layout: path)
        return directory
    }

    private static func refuseLink(_ directory: String, layout: String) throws(FindingError) {
        var info = stat()
        if lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            throw FindingError(.ociLayoutSymlinkEscape, "refusing to write through a symbolic link", input: directory)
        }
    }

    /// The path a blob has in the layout.
    public func blobPath(_ digest: Digest) -> String {
        "\(path)/\(LayoutFiles.blobPath(digest))"
    }

    /// Whether the layout already holds this content intact (size and digest checked, not assumed).
    public func contains(_ descriptor: Descriptor) -> Bool {
        let file = blobPath(descriptor.digest)
        var info = stat()
        guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int64(info.st_size) == descriptor.size,
            let digest = try? FileDigester.digest(ofFileAt: file, algorithms: [descriptor.digest.algorithm]).first
        else { return false }
        return digest == descriptor.digest
    }

    /// A new temporary file beside the blobs of an algorithm, for a download to stream into.
    public func temporaryFile(for digest: Digest) throws(FindingError) -> URL {
        URL(fileURLWithPath: try directory(for: digest.algorithm) + "/.tmp-" + UUID().uuidString)
    }

    /// Moves a checked temporary file into place under its digest.
    public func commit(_ temporary: URL, as digest: Digest) throws(FindingError) {
        guard rename(temporary.path, blobPath(digest)) == 0 else {
            let reason = String(cString: strerror(errno))
            discard(temporary)
            throw FindingError(
                .ociLayoutWriteFailed, "cannot move the blob into place: \(reason)", input: blobPath(digest))
        }
    }

    /// Removes a temporary file after a failed download.
    public func discard(_ temporary: URL) {
        try? FileManager.default.removeItem(at: temporary)
    }

    /// Writes checked bytes as a blob.
    public func write(_ bytes: Data, as digest: Digest) throws(FindingError) {
        let temporary = try temporaryFile(for: digest)
        do {
            try bytes.write(to: temporary)
        } catch {
            discard(temporary)
            throw FindingError(
                .ociLayoutWriteFailed, "cannot write the blob: \(error.localizedDescription)",
                input: blobPath(digest))
        }
        try commit(temporary, as: digest)
    }

    /// Writes `index.json` with these entries, replacing the old file atomically.
    public func writeIndex(_ entries: [Descriptor]) throws(FindingError) {
        let index: JSONNode = [
            "schemaVersion": 2,
            "mediaType": JSONNode(.string(MediaType.ociIndex)),
            "manifests": JSONNode(.array(entries.map(\.json))),
        ]
        do {
            try Data(JCS.canonicalBytes(index)).write(to: URL(fileURLWithPath: path + "/index.json"), options: .atomic)
        } catch {
            throw FindingError(
                .ociLayoutWriteFailed, "cannot write index.json: \(error.localizedDescription)",
                input: path + "/index.json")
        }
    }

    /// The existing entries with `added` merged in: an entry with the same tag is replaced (the tag moved), an
    /// identical untagged entry is not repeated.
    public func merged(_ added: [Descriptor]) -> [Descriptor] {
        let newTags = Set(added.compactMap(\.refName))
        var result = existingEntries.filter { entry in
            if let tag = entry.refName { return !newTags.contains(tag) }
            return !added.contains { $0.refName == nil && $0.digest == entry.digest }
        }
        result += added
        return result
    }
}
