import Foundation
import VouchCore
import VouchCrypto
import VouchOCI

/// An image in containers/image's directory transport (`skopeo copy … dir:PATH`):
///
/// ```
/// PATH/manifest.json               the manifest (or index) exactly as stored; its SHA-256 is the image digest
/// PATH/<hex>.manifest.json         the manifest of an index's instance
/// PATH/<hex>                       blobs by digest (version 1.1; absent when only signatures were copied)
/// PATH/signature-<n>               signatures of the image, n = 1, 2, … (the first missing number ends the list)
/// PATH/<hex>.signature-<n>         signatures of an instance
/// PATH/version                     "Directory Transport Version: 1.1"
/// ```
/// Files are read with the same size limits as manifests; blobs are streamed through their digest.
public struct DirectoryImageStore: ImageStore {
    public let path: String
    public let limits: Limits

    public init(path: String, limits: Limits = .default) throws(FindingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FindingError(.inputUnreadable, "the dir: image directory does not exist", input: path)
        }
        guard FileManager.default.fileExists(atPath: Self.join(path, "manifest.json")) else {
            throw FindingError(
                .imageDirectoryInvalid, "not a dir: image: there is no manifest.json", input: path,
                details: ["path": Self.join(path, "manifest.json")])
        }
        self.path = path
        self.limits = limits
    }

    public var name: String { ImageTarget.directoryPrefix + path }

    public var checksContent: Bool { true }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private func file(_ name: String) -> String { Self.join(path, name) }

    /// The digest of the top-level manifest, once read.
    private func topDigest() throws(FindingError) -> Digest {
        Digest.of(try LocalFile.read(file("manifest.json"), maxBytes: limits.maxManifestBytes), using: .sha256)
    }

    public func resolve() async throws(FindingError) -> CheckedManifest {
        let input = file("manifest.json")
        let bytes = try LocalFile.read(input, maxBytes: limits.maxManifestBytes)
        let manifest = try Manifest.parse(bytes, declaredMediaType: nil, input: input, limits: limits)
        let descriptor = Descriptor(
            mediaType: manifest.kind.mediaType, digest: Digest.of(bytes, using: .sha256), size: Int64(bytes.count))
        return CheckedManifest(checked: descriptor, bytes: bytes, manifest: manifest)
    }

    public func manifest(
        _ descriptor: Descriptor, at location: SourceLocation
    ) async throws(FindingError) -> CheckedManifest {
        let input = file("\(descriptor.digest.hex).manifest.json")
        guard FileManager.default.fileExists(atPath: input) else {
            throw FindingError(
                Finding(
                    .ociManifestMissing, "the instance manifest is not in the directory", at: location,
                    details: ["path": input, "digest": descriptor.digest.description]))
        }
        let bytes = try LocalFile.read(input, maxBytes: limits.maxManifestBytes)
        let findings = ContentCheck.compare(
            data: bytes, against: descriptor, at: location, isManifest: true, path: input)
        guard findings.isEmpty else { throw FindingError(findings) }
        return CheckedManifest(
            checked: descriptor, bytes: bytes,
            manifest: try Manifest.parse(bytes, declaredMediaType: descriptor.mediaType, input: input, limits: limits))
    }

    public func blob(
        _ descriptor: Descriptor, of attachment: Attachment?, at location: SourceLocation
    ) async throws(FindingError) -> Data {
        let input = file(descriptor.digest.hex)
        let bytes = try LocalFile.read(input, maxBytes: limits.maxManifestBytes)
        let findings = ContentCheck.compare(
            data: bytes, against: descriptor, at: location, isManifest: false, path: input)
        guard findings.isEmpty else { throw FindingError(findings) }
        return bytes
    }

    public func input(for digest: Digest) -> String {
        if let top = try? topDigest(), top == digest { return file("manifest.json") }
        return file("\(digest.hex).manifest.json")
    }

    public func checkContent(of manifest: CheckedManifest) async -> [Finding] {
        let store = self
        return await ContentWalk(limits: limits).run(
            from: manifest, input: { store.input(for: $0) },
            readManifest: { descriptor, location throws(FindingError) in
                try await store.manifest(descriptor, at: location)
            },
            checkBlob: { descriptor, location in store.checkBlob(descriptor, at: location) })
    }

    /// Streams one blob file through its digest.
    private func checkBlob(_ descriptor: Descriptor, at location: SourceLocation) -> [Finding] {
        if descriptor.data != nil { return [] }
        let input = file(descriptor.digest.hex)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: input),
            let size = (attributes[.size] as? NSNumber)?.int64Value
        else {
            return [
                Finding(
                    .ociBlobMissing, "the blob is not in the directory", at: location,
                    details: ["path": input, "digest": descriptor.digest.description])
            ]
        }
        do {
            let digest = try FileDigester.digest(ofFileAt: input, algorithms: [descriptor.digest.algorithm])[0]
            return ContentCheck.compare(
                size: size, digest: digest, against: descriptor, at: location, isManifest: false, path: input)
        } catch {
            return error.findings
        }
    }

    public func attachments(of digest: Digest) async -> AttachmentListing {
        var listing = AttachmentListing()
        let prefix: String
        do {
            prefix = try topDigest() == digest ? "" : "\(digest.hex)."
        } catch {
            return AttachmentListing(failures: error.findings)
        }
        var index = 1
        while true {
            let name = "\(prefix)signature-\(index)"
            let input = file(name)
            guard FileManager.default.fileExists(atPath: input) else { break }
            index += 1
            do {
                let data = try LocalFile.read(input, maxBytes: limits.maxManifestBytes)
                switch try SigstoreSignatureFile.parse(data, input: input, limits: limits) {
                case .sigstore(let signature):
                    listing.attachments.append(
                        Attachment(
                            role: .signatureFile, origin: name, signatureFile: signature,
                            location: SourceLocation(input: input)))
                case .otherFormat(let format):
                    listing.notes.append(
                        Finding(
                            .imageSignatureFormatUnsupported, severity: .warning,
                            "the signature file is not a sigstore signature (\(format)); it is not counted",
                            input: input, details: ["format": format]))
                }
            } catch {
                // A damaged signature file is a signature that does not verify, not an unreadable listing.
                listing.attachments.append(
                    Attachment(
                        role: .signatureFile, origin: name, location: SourceLocation(input: input),
                        problems: error.findings))
            }
        }
        return listing
    }
}
