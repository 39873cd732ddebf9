import Foundation
import VouchCore
import VouchCrypto

/// `fsck` for an image layout: walks everything reachable from `index.json` and checks every byte.
///
/// 1. `oci-layout` and `index.json` (version, size limit, strict parse).
/// 2. Every descriptor reachable from `index.json`, breadth first: manifests and indexes are read, checked for size
///    and digest, and parsed; nesting past ``Limits/maxIndexDepth`` stops the descent. Configs and layers are
///    collected.
/// 3. Every other blob is hashed once, several at a time, and compared with every descriptor that names it.
/// 4. Every file under `blobs/` that nothing reaches is reported (an error unless ``Options/allowUnreferenced``).
///
/// All defects are reported, each at the file holding the descriptor and the descriptor's JSON pointer.
public struct LayoutChecker: Sendable {
    public struct Options: Sendable, Hashable {
        /// Report unreferenced blobs as warnings instead of errors.
        public var allowUnreferenced: Bool
        /// Blobs hashed at once. Default: the number of active processors.
        public var concurrency: Int

        public init(allowUnreferenced: Bool = false, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.allowUnreferenced = allowUnreferenced
            self.concurrency = max(1, concurrency)
        }
    }

    public let limits: Limits
    public let options: Options

    public init(limits: Limits = .default, options: Options = Options()) {
        self.limits = limits
        self.options = options
    }

    /// Checks the layout at `path`.
    ///
    /// - Returns: `.verified` with an inventory when nothing is wrong (warnings as notes), `.failed` with every
    ///   defect otherwise.
    /// - Throws: only when the directory cannot be read at all (`input.unreadable`).
    public func check(_ path: String) async throws(FindingError) -> Outcome<LayoutInventory> {
        let layout: ImageLayout
        do {
            layout = try ImageLayout(at: path, limits: limits)
        } catch {
            if error.findings.allSatisfy({ $0.code == .inputUnreadable && $0.location.input == path }) { throw error }
            return .failed(error.findings)
        }
        var walk = Walk(layout: layout, limits: limits)
        walk.findings = layout.indexFindings
        walk.run()
        let blobFindings = await hashBlobs(walk.blobs, layout: layout)
        var findings = walk.findings + blobFindings
        findings += unreferenced(layout, reached: walk.reached)
        let inventory = LayoutInventory(
            entries: layout.index.manifests,
            manifests: walk.manifestCount,
            blobs: walk.reached.count,
            bytes: walk.bytes)
        return Outcome.judge(inventory, findings: findings)
    }

    /// One blob to hash, with every place that names it.
    struct BlobJob: Sendable {
        var digest: Digest
        var references: [(descriptor: Descriptor, location: SourceLocation)]
    }

    /// Hashes blobs `options.concurrency` at a time and compares them with every descriptor that names them.
    private func hashBlobs(_ jobs: [BlobJob], layout: ImageLayout) async -> [Finding] {
        var results = [[Finding]](repeating: [], count: jobs.count)
        await withTaskGroup(of: (Int, [Finding]).self) { group in
            var next = 0
            func submit() {
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask { (index, Self.check(job, in: layout)) }
            }
            while next < min(options.concurrency, jobs.count) { submit() }
            while let (index, findings) = await group.next() {
                results[index] = findings
                if next < jobs.count { submit() }
            }
        }
        return results.flatMap { $0 }
    }

    private static func check(_ job: BlobJob, in layout: ImageLayout) -> [Finding] {
        let first = job.references[0]
        let display = layout.blobInput(job.digest)
        do {
            guard let file = try layout.blobFile(job.digest, at: first.location) else {
                return job.references.map {
                    Finding(
                        .ociBlobMissing, "the blob is not in the layout", at: $0.location,
                        details: ["path": display, "digest": job.digest.description])
                }
            }
            let actual = try FileDigester.digest(ofFileAt: file.path, algorithms: [job.digest.algorithm])[0]
            var findings = ContentCheck.compare(
                size: file.size, digest: actual, against: first.descriptor, at: first.location, isManifest: false,
                path: display)
            // Further references can only disagree on the size: the digest is the same name.
            for reference in job.references.dropFirst() where reference.descriptor.size != file.size {
                findings += ContentCheck.compare(
                    size: file.size, digest: job.digest, against: reference.descriptor, at: reference.location,
                    isManifest: false, path: display)
            }
            return findings
        } catch {
            return error.findings
        }
    }

    /// Files under `blobs/` that nothing reached, and files that are not blobs at all.
    private func unreferenced(_ layout: ImageLayout, reached: Set<Digest>) -> [Finding] {
        var findings: [Finding] = []
        let severity: Severity = options.allowUnreferenced ? .warning : .error
        do {
            guard let algorithms = try layout.files.list("blobs") else {
                if !reached.isEmpty {
                    return [
                        Finding(
                            .ociLayoutNotALayout, "the layout has no blobs directory",
                            input: layout.files.display("blobs"))
                    ]
                }
                return []
            }
            var count = 0
            for name in algorithms {
                let relative = "blobs/\(name)"
                guard let algorithm = DigestAlgorithm(rawValue: name), OCIDigest.algorithms.contains(algorithm) else {
                    findings.append(
                        Finding(
                            .ociLayoutUnexpectedFile, severity: .warning,
                            "not a digest algorithm directory", input: layout.files.display(relative)))
                    continue
                }
                guard let names = try layout.files.list(relative) else { continue }
                for file in names {
                    count += 1
                    guard count <= limits.maxLayoutBlobs else {
                        findings.append(
                            Finding(
                                .ociIndexTooManyEntries,
                                "more than \(limits.maxLayoutBlobs) files under blobs/",
                                input: layout.files.display("blobs"),
                                details: ["limit": String(limits.maxLayoutBlobs)]))
                        return findings
                    }
                    let display = layout.files.display("\(relative)/\(file)")
                    guard let digest = try? Digest(parsing: "\(name):\(file)") else {
                        findings.append(
                            Finding(
                                .ociLayoutUnexpectedFile, severity: .warning,
                                "a file under blobs/ whose name is not a \(name) digest", input: display))
                        continue
                    }
                    if !reached.contains(digest) {
                        findings.append(
                            Finding(
                                .ociBlobUnreferenced, severity: severity,
                                "no descriptor reachable from index.json names this blob", input: display,
                                details: ["digest": digest.description]))
                    }
                }
            }
        } catch {
            findings += error.findings
        }
        return findings
    }
}

/// What a layout holds, once checked.
public struct LayoutInventory: Sendable {
    /// The entries of `index.json`.
    public var entries: [Descriptor]
    /// Manifests and indexes read (each digest once).
    public var manifests: Int
    /// Distinct digests reached, manifests included.
    public var blobs: Int
    /// Bytes of the distinct content reached.
    public var bytes: Int64
}

/// The breadth-first walk over manifests; configs and layers are collected for hashing.
private struct Walk {
    let layout: ImageLayout
    let limits: Limits
    var findings: [Finding] = []
    var reached: Set<Digest> = []
    var blobs: [LayoutChecker.BlobJob] = []
    var blobIndex: [Digest: Int] = [:]
    var manifestCount = 0
    var bytes: Int64 = 0
    private var manifestSizes: [Digest: Int64] = [:]
    private var descriptorCount = 0

    init(layout: ImageLayout, limits: Limits) {
        self.layout = layout
        self.limits = limits
    }

    struct Pending {
        var descriptor: Descriptor
        var location: SourceLocation
        /// Indexes above this descriptor; index.json's entries are at depth 0.
        var depth: Int
        /// Whether the parent says this is a manifest (an index entry) rather than a blob.
        var isIndexEntry: Bool
    }

    mutating func run() {
        var queue = layout.indexEntries.map {
            Pending(
                descriptor: $0.descriptor, location: SourceLocation(input: layout.indexInput, pointer: $0.pointer),
                depth: 0, isIndexEntry: true)
        }
        var head = 0
        while head < queue.count {
            let item = queue[head]
            head += 1
            descriptorCount += 1
            guard descriptorCount <= limits.maxLayoutBlobs else {
                findings.append(
                    Finding(
                        .ociIndexTooManyEntries,
                        "more than \(limits.maxLayoutBlobs) descriptors reachable from index.json", at: item.location,
                        details: ["limit": String(limits.maxLayoutBlobs)]))
                return
            }
            let kind = MediaType.kind(of: item.descriptor.mediaType)
            guard let kind, kind != .dockerSchema1 else {
                if item.isIndexEntry {
                    findings.append(
                        Finding(
                            .ociMediaTypeUnknown, severity: .warning,
                            "an index entry of unknown media type '\(item.descriptor.mediaType)' "
                                + "is checked as a plain blob",
                            at: item.location, details: ["mediaType": item.descriptor.mediaType]))
                }
                addBlob(item)
                continue
            }
            if kind.isIndex && item.depth >= limits.maxIndexDepth {
                findings.append(
                    Finding(
                        .ociIndexTooDeep,
                        "indexes nest deeper than \(limits.maxIndexDepth) levels; not descending", at: item.location,
                        details: ["limit": String(limits.maxIndexDepth)]))
                continue
            }
            if let seenSize = manifestSizes[item.descriptor.digest] {
                // Already read and walked; only a disagreeing size is new information.
                if seenSize != item.descriptor.size {
                    findings.append(
                        Finding(
                            .ociManifestSizeMismatch,
                            "the manifest is \(seenSize) bytes but this descriptor says \(item.descriptor.size)",
                            at: item.location,
                            details: ["expected": String(item.descriptor.size), "actual": String(seenSize)]))
                }
                continue
            }
            reached.insert(item.descriptor.digest)
            do {
                let read = try layout.readManifestKeepingValidEntries(item.descriptor, at: item.location)
                manifestSizes[item.descriptor.digest] = Int64(read.bytes.count)
                manifestCount += 1
                bytes += Int64(read.bytes.count)
                findings += read.parsed.findings
                let isIndex = MediaType.kind(of: item.descriptor.mediaType)?.isIndex ?? false
                let input = layout.blobInput(item.descriptor.digest)
                let childDepth = isIndex ? item.depth + 1 : item.depth
                for child in read.parsed.children {
                    queue.append(
                        Pending(
                            descriptor: child.descriptor,
                            location: SourceLocation(input: input, pointer: child.pointer), depth: childDepth,
                            isIndexEntry: isIndex))
                }
            } catch {
                // Nothing is recorded for a manifest that could not be read: a later descriptor of the same digest
                // is read and judged on its own (its size is not compared with a size nobody saw).
                findings += error.findings
            }
        }
    }

    private mutating func addBlob(_ item: Pending) {
        reached.insert(item.descriptor.digest)
        if item.descriptor.data != nil { return }
        if let index = blobIndex[item.descriptor.digest] {
            blobs[index].references.append((item.descriptor, item.location))
        } else {
            blobIndex[item.descriptor.digest] = blobs.count
            blobs.append(
                LayoutChecker.BlobJob(
                    digest: item.descriptor.digest,
                    references: [(item.descriptor, item.location)]))
            bytes += item.descriptor.size
        }
    }
}
