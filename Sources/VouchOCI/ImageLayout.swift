import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

/// An OCI image layout directory, opened for reading: `oci-layout` checked, `index.json` parsed.
///
/// ```
/// layout     = "oci-layout" "index.json" "blobs/" algorithm "/" encoded …    ; image-spec image-layout.md
/// oci-layout = { "imageLayoutVersion": "1.x.y" }
/// index.json = image index; entries may carry org.opencontainers.image.ref.name (the tag)
/// ```
/// Every read of a blob goes through a confined lookup (see ``LayoutFiles``) and is checked for size and digest
/// before its bytes are used.
public struct ImageLayout: Sendable {
    /// The directory as given.
    public var path: String { files.displayPath }
    /// `index.json`, parsed; entries that could not be read are left out and reported in ``indexFindings``.
    public let index: ImageIndex
    /// The valid entries of `index.json` with their JSON pointers.
    public let indexEntries: [(descriptor: Descriptor, pointer: JSONPointer)]
    /// Problems with individual entries of `index.json` (a malformed digest, a negative size).
    public let indexFindings: [Finding]
    let files: LayoutFiles
    let limits: Limits

    /// The `index.json` input name used in findings.
    public var indexInput: String { files.display("index.json") }

    /// Opens a layout.
    ///
    /// - Throws: `input.unreadable` when the directory is missing; `oci.layout.not-a-layout`,
    ///   `oci.layout.version-unsupported`, `oci.layout.index-too-large`, `oci.layout.symlink-escape` and manifest
    ///   findings for `index.json` when the directory is not a usable layout.
    public init(at path: String, limits: Limits = .default) throws(FindingError) {
        let files = try LayoutFiles(path: path)
        self.files = files
        self.limits = limits
        try Self.checkMarker(files)
        let input = files.display("index.json")
        guard case .file(let indexPath, let size) = try files.lookup("index.json") else {
            throw FindingError(.ociLayoutNotALayout, "no index.json: this is not an OCI image layout", input: path)
        }
        guard size <= Int64(limits.maxManifestBytes) else {
            throw FindingError(
                .ociLayoutIndexTooLarge, "index.json is larger than \(limits.maxManifestBytes) bytes",
                input: input, details: ["limit": String(limits.maxManifestBytes), "size": String(size)])
        }
        let data = try files.read(indexPath, maxBytes: limits.maxManifestBytes, input: input)
        let document = try JSONDocument.parse(data, input: input, limits: limits)
        let parsed = try Manifest.parseKeepingValidEntries(document.cursor, declaredMediaType: MediaType.ociIndex)
        let findings = parsed.findings
        guard case .index(let index) = parsed.manifest else {
            throw FindingError(
                findings.isEmpty
                    ? [Finding(.ociManifestInvalid, "index.json must be an image index", input: input)] : findings)
        }
        self.index = index
        self.indexFindings = findings
        self.indexEntries = parsed.children
    }

    private static func checkMarker(_ files: LayoutFiles) throws(FindingError) {
        let input = files.display("oci-layout")
        guard case .file(let markerPath, _) = try files.lookup("oci-layout") else {
            throw FindingError(
                .ociLayoutNotALayout, "no oci-layout file: this is not an OCI image layout",
                input: files.displayPath)
        }
        let marker = try files.read(markerPath, maxBytes: 64 << 10, input: input)
        let document = try JSONDocument.parse(marker, input: input)
        let versionCursor = try document.cursor.required("imageLayoutVersion")
        let version = try versionCursor.string()
        guard version.hasPrefix("1."), version.split(separator: ".").count == 3 else {
            throw versionCursor.error(
                .ociLayoutVersionUnsupported,
                "imageLayoutVersion '\(version)' is not supported (1.x.y is)", details: ["version": version])
        }
    }

    /// The display path of a blob, for messages.
    public func blobInput(_ digest: Digest) -> String { files.display(LayoutFiles.blobPath(digest)) }

    /// Reads a manifest or index blob, checked for size and digest, and parses it.
    ///
    /// - Parameter location: where the descriptor was found, for findings.
    public func readManifest(
        _ descriptor: Descriptor, at location: SourceLocation
    ) throws(FindingError) -> VerifiedManifest {
        let bytes = try readSmallBlob(descriptor, at: location, isManifest: true)
        let manifest = try Manifest.parse(
            bytes, declaredMediaType: descriptor.mediaType, input: blobInput(descriptor.digest), limits: limits)
        return VerifiedManifest(descriptor: descriptor, bytes: bytes, manifest: manifest)
    }

    /// Reads a manifest or index blob, checked for size and digest, keeping its valid entries when some are not.
    func readManifestKeepingValidEntries(
        _ descriptor: Descriptor, at location: SourceLocation
    )
        throws(FindingError) -> (parsed: PartialManifest, bytes: Data)
    {
        let bytes = try readSmallBlob(descriptor, at: location, isManifest: true)
        let document = try JSONDocument.parse(bytes, input: blobInput(descriptor.digest), limits: limits)
        return (try Manifest.parseKeepingValidEntries(document.cursor, declaredMediaType: descriptor.mediaType), bytes)
    }

    /// Reads a small blob (a manifest or a config) whole, checked for size and digest.
    public func readSmallBlob(
        _ descriptor: Descriptor, at location: SourceLocation, isManifest: Bool = false
    )
        throws(FindingError) -> Data
    {
        if let data = descriptor.data { return Data(data) }
        guard descriptor.size <= Int64(limits.maxManifestBytes) else {
            throw FindingError(
                Finding(
                    .ociManifestTooLarge, "a manifest larger than \(limits.maxManifestBytes) bytes is refused",
                    at: location, details: ["limit": String(limits.maxManifestBytes), "size": String(descriptor.size)]))
        }
        let relative = LayoutFiles.blobPath(descriptor.digest)
        guard
            case .file(let path, let size) = try files.lookup(
                relative, pointer: location.pointer, input: location.input)
        else {
            throw FindingError(
                Finding(
                    isManifest ? .ociManifestMissing : .ociBlobMissing, "the blob is not in the layout", at: location,
                    details: ["path": files.display(relative), "digest": descriptor.digest.description]))
        }
        // Read one byte more than declared, so a longer file shows as a size mismatch rather than passing.
        let cap = Int(min(Int64(limits.maxManifestBytes), max(size, descriptor.size))) + 1
        let data = try files.read(path, maxBytes: cap, input: files.display(relative))
        let findings = ContentCheck.compare(
            data: data, against: descriptor, at: location, isManifest: isManifest, path: files.display(relative))
        guard findings.isEmpty else { throw FindingError(findings) }
        return data
    }

    /// Checks a blob of any size by streaming it through the hash: every finding, or none when it is intact.
    public func verifyBlob(_ descriptor: Descriptor, at location: SourceLocation) -> [Finding] {
        if descriptor.data != nil { return [] }
        let relative = LayoutFiles.blobPath(descriptor.digest)
        let display = files.display(relative)
        do {
            guard
                case .file(let path, let size) = try files.lookup(
                    relative, pointer: location.pointer, input: location.input)
            else {
                return [
                    Finding(
                        .ociBlobMissing, "the blob is not in the layout", at: location,
                        details: ["path": display, "digest": descriptor.digest.description])
                ]
            }
            let actual = try FileDigester.digest(ofFileAt: path, algorithms: [descriptor.digest.algorithm])[0]
            return ContentCheck.compare(
                size: size, digest: actual, against: descriptor, at: location, isManifest: false, path: display)
        } catch {
            return error.findings
        }
    }

    /// The size of the blob file for a digest, or `nil` when absent; follows the same confinement as reads.
    func blobFile(
        _ digest: Digest, at location: SourceLocation? = nil
    ) throws(FindingError) -> (path: String, size: Int64)? {
        guard
            case .file(let path, let size) = try files.lookup(
                LayoutFiles.blobPath(digest), pointer: location?.pointer, input: location?.input)
        else { return nil }
        return (path, size)
    }
}

/// A manifest whose bytes matched its descriptor, with the parsed document.
public struct VerifiedManifest: Sendable {
    /// The descriptor the bytes were checked against (digest and size).
    public let descriptor: Descriptor
    /// The exact bytes: what the digest covers.
    public let bytes: Data
    public let manifest: Manifest
}
