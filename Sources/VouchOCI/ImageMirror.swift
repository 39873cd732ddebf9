import Foundation
import VouchCore

/// Copies an image from a registry into an image layout, with every byte checked, so that it can be verified
/// offline later; optionally with what cosign attached to it and its OCI referrers.
///
/// 1. Resolve the reference (HEAD, then GET checked against the digest); with a platform, pick that manifest
///    from an index.
/// 2. Read every manifest below it by digest, checked for digest and size, within the depth and count limits.
/// 3. With signatures: for the image and each manifest of an index, the cosign tags `sha256-<hex>.sig`, `.att`
///    and `.sbom` when they exist, and the referrers (API or fallback tag schema); a listing that fails is a
///    finding, never "none".
/// 4. Download the blobs, at most ``Limits/maxConcurrentFetches`` at once, each streamed to a temporary file,
///    checked, then renamed into place; blobs already present are checked and kept.
/// 5. Only when everything checked out, write `index.json`: the layout never names content it does not hold.
public struct ImageMirror: Sendable {
    public struct Options: Sendable {
        public var withSignatures: Bool
        public var platform: Platform?

        public init(withSignatures: Bool = false, platform: Platform? = nil) {
            self.withSignatures = withSignatures
            self.platform = platform
        }
    }

    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// Pulls `reference` into the layout at `path`.
    ///
    /// - Returns: `.verified` with a summary, or `.failed` with every content defect found.
    /// - Throws: when the pull cannot proceed (the reference cannot be resolved, the layout cannot be written, a
    ///   referrers listing failed).
    public func pull(
        _ reference: ImageReference, to path: String, options: Options = Options()
    )
        async throws(FindingError) -> Outcome<PullSummary>
    {
        let writer = try LayoutWriter(path: path, limits: client.limits)
        var root = try await client.resolve(reference)
        var notes: [Finding] = []
        if let platform = options.platform, case .index(let index) = root.manifest {
            let chosen = try index.manifest(for: platform, input: reference.description)
            root = try await client.manifest(reference, descriptor: chosen.descriptor)
        }
        var graph = Graph()
        try await collect(root, from: reference, into: &graph)

        var rootEntry = root.descriptor
        if let tag = reference.tag { rootEntry.annotations[Descriptor.refNameAnnotation] = tag }
        var entries = [rootEntry]
        var attached: [String] = []
        var referrers: [Digest] = []
        if options.withSignatures {
            var subjects = [root.descriptor.digest]
            if case .index(let index) = root.manifest { subjects += index.manifests.map(\.digest) }
            for subject in subjects {
                for kind in CosignTag.allCases {
                    let tag = kind.tag(for: subject)
                    guard let found = try await client.manifestIfPresent(reference, tag: tag) else { continue }
                    try await collect(found, from: reference, into: &graph)
                    var entry = found.descriptor
                    entry.annotations[Descriptor.refNameAnnotation] = tag
                    entry.annotations[ImageLayout.cosignKindAnnotation] = kind.kind
                    entries.append(entry)
                    attached.append(tag)
                }
                let listing = try await client.referrers(reference, of: subject)
                notes += listing.notes
                for descriptor in listing.referrers {
                    let found = try await client.manifest(reference, descriptor: descriptor)
                    guard found.manifest.subject?.digest == subject else {
                        graph.findings.append(
                            Finding(
                                .ociReferrersSubjectMismatch,
                                "a manifest listed as a referrer does not name this subject",
                                input: reference.with(digest: descriptor.digest).description,
                                details: [
                                    "subject": subject.description,
                                    "actual": found.manifest.subject?.digest.description ?? "none",
                                ]))
                        continue
                    }
                    try await collect(found, from: reference, into: &graph)
                    entries.append(descriptor)
                    referrers.append(descriptor.digest)
                }
            }
        }

        for manifest in graph.manifests.values where !writer.contains(manifest.descriptor) {
            try writer.write(manifest.bytes, as: manifest.descriptor.digest)
        }
        let (downloaded, blobFindings) = await download(Array(graph.blobs.values), from: reference, into: writer)
        let findings = graph.findings + blobFindings
        guard !findings.contains(where: { $0.severity == .error }) else { return .failed(findings + notes) }
        try writer.writeIndex(writer.merged(entries))
        let summary = PullSummary(
            reference: reference, digest: root.descriptor.digest, mediaType: root.descriptor.mediaType,
            size: root.descriptor.size, manifests: graph.manifests.count, blobs: graph.blobs.count,
            bytes: graph.blobs.values.reduce(0) { $0 + $1.size }, downloadedBytes: downloaded,
            attachedTags: attached, referrers: referrers)
        return .verified(summary, notes: notes + findings)
    }

    /// Everything one pull reaches.
    private struct Graph {
        var manifests: [Digest: VerifiedManifest] = [:]
        var blobs: [Digest: Descriptor] = [:]
        var findings: [Finding] = []
        var descriptors = 0
    }

    /// Reads every manifest below `top` by digest, and records the blobs.
    private func collect(
        _ top: VerifiedManifest, from reference: ImageReference, into graph: inout Graph
    )
        async throws(FindingError)
    {
        var level = [(manifest: top, depth: 0)]
        while let (manifest, depth) = level.popLast() {
            guard graph.manifests[manifest.descriptor.digest] == nil else { continue }
            graph.manifests[manifest.descriptor.digest] = manifest
            let input = reference.with(digest: manifest.descriptor.digest).description
            for child in manifest.manifest.children {
                graph.descriptors += 1
                guard graph.descriptors <= client.limits.maxLayoutBlobs else {
                    throw FindingError(
                        .ociIndexTooManyEntries,
                        "more than \(client.limits.maxLayoutBlobs) descriptors below the image", input: input)
                }
                let location = SourceLocation(input: input, pointer: child.pointer)
                guard case .index = manifest.manifest else {
                    graph.blobs[child.descriptor.digest] = child.descriptor
                    continue
                }
                guard depth + 1 < client.limits.maxIndexDepth else {
                    throw FindingError(
                        Finding(
                            .ociIndexTooDeep,
                            "indexes nest deeper than \(client.limits.maxIndexDepth) levels", at: location))
                }
                guard MediaType.kind(of: child.descriptor.mediaType) != nil else {
                    throw FindingError(
                        Finding(
                            .ociMediaTypeUnknown,
                            "an index entry of unknown media type '\(child.descriptor.mediaType)' cannot be mirrored",
                            at: location, details: ["mediaType": child.descriptor.mediaType]))
                }
                if graph.manifests[child.descriptor.digest] != nil { continue }
                let fetched = try await client.manifest(reference, descriptor: child.descriptor, at: location)
                level.append((fetched, depth + 1))
            }
        }
    }

    /// Downloads blobs with bounded concurrency; returns the bytes fetched and every failure.
    private func download(
        _ blobs: [Descriptor], from reference: ImageReference, into writer: LayoutWriter
    )
        async -> (Int64, [Finding])
    {
        let width = max(1, client.limits.maxConcurrentFetches)
        var findings: [Finding] = []
        var downloaded: Int64 = 0
        await withTaskGroup(of: (Int64, [Finding]).self) { group in
            var next = 0
            func submit() {
                let descriptor = blobs[next]
                next += 1
                group.addTask {
                    if writer.contains(descriptor) { return (0, []) }
                    do throws(FindingError) {
                        let temporary = try writer.temporaryFile(for: descriptor.digest)
                        do throws(FindingError) {
                            try await client.download(reference, descriptor: descriptor, to: temporary)
                        } catch {
                            writer.discard(temporary)
                            throw error
                        }
                        try writer.commit(temporary, as: descriptor.digest)
                        return (descriptor.size, [])
                    } catch {
                        return (0, error.findings)
                    }
                }
            }
            while next < min(width, blobs.count) { submit() }
            while let (bytes, failures) = await group.next() {
                downloaded += bytes
                findings += failures
                if next < blobs.count { submit() }
            }
        }
        return (downloaded, findings)
    }
}

/// What a pull copied.
public struct PullSummary: Sendable {
    public var reference: ImageReference
    /// The digest of the image (or the platform manifest chosen from it).
    public var digest: Digest
    public var mediaType: String
    public var size: Int64
    /// Manifests and indexes written.
    public var manifests: Int
    /// Distinct blobs (configs and layers) in the image and its attachments.
    public var blobs: Int
    public var bytes: Int64
    /// Bytes fetched in this run (blobs already present are not fetched again).
    public var downloadedBytes: Int64
    /// The cosign tags mirrored (`sha256-….sig`, …).
    public var attachedTags: [String]
    /// Digests of the referrers mirrored.
    public var referrers: [Digest]
}
