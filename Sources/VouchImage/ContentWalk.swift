import Foundation
import VouchCore
import VouchOCI

/// Checks everything an image references: every child manifest of an index (read and checked for digest and size,
/// then walked), and every config and layer blob (checked for digest and size), within the depth and count limits.
///
/// The store supplies the reads; the walk reports every defect, each at the descriptor that names the content.
struct ContentWalk: Sendable {
    let limits: Limits

    /// Walks below `top`; blobs are checked several at a time.
    func run(
        from top: CheckedManifest,
        input: @escaping @Sendable (Digest) -> String,
        readManifest: @Sendable (Descriptor, SourceLocation) async throws(FindingError) -> CheckedManifest,
        checkBlob: @escaping @Sendable (Descriptor, SourceLocation) async -> [Finding]
    ) async -> [Finding] {
        var findings: [Finding] = []
        var blobs: [(Descriptor, SourceLocation)] = []
        var seenBlobs: Set<Digest> = []
        var seenManifests: Set<Digest> = [top.descriptor.digest]
        var level: [(CheckedManifest, Int)] = [(top, 0)]
        var count = 0
        while let (manifest, depth) = level.popLast() {
            let manifestInput = input(manifest.descriptor.digest)
            for child in manifest.manifest.children {
                count += 1
                let location = SourceLocation(input: manifestInput, pointer: child.pointer)
                guard count <= limits.maxLayoutBlobs else {
                    return findings + [
                        Finding(
                            .ociIndexTooManyEntries, "more than \(limits.maxLayoutBlobs) descriptors below the image",
                            at: location, details: ["limit": String(limits.maxLayoutBlobs)])
                    ]
                }
                guard case .index = manifest.manifest else {
                    if seenBlobs.insert(child.descriptor.digest).inserted { blobs.append((child.descriptor, location)) }
                    continue
                }
                guard seenManifests.insert(child.descriptor.digest).inserted else { continue }
                guard depth + 1 < limits.maxIndexDepth else {
                    findings.append(
                        Finding(
                            .ociIndexTooDeep, "indexes nest deeper than \(limits.maxIndexDepth) levels", at: location,
                            details: ["limit": String(limits.maxIndexDepth)]))
                    continue
                }
                guard MediaType.kind(of: child.descriptor.mediaType) != nil else {
                    // Not a manifest Vouch reads (an attestation blob listed in an index): its bytes are still checked.
                    if seenBlobs.insert(child.descriptor.digest).inserted { blobs.append((child.descriptor, location)) }
                    continue
                }
                do {
                    level.append((try await readManifest(child.descriptor, location), depth + 1))
                } catch {
                    findings += error.findings
                }
            }
        }
        let width = max(1, min(limits.maxConcurrentFetches, ProcessInfo.processInfo.activeProcessorCount * 2))
        var results = [[Finding]](repeating: [], count: blobs.count)
        await withTaskGroup(of: (Int, [Finding]).self) { group in
            var next = 0
            func submit() {
                let index = next
                let (descriptor, location) = blobs[index]
                next += 1
                group.addTask { (index, await checkBlob(descriptor, location)) }
            }
            while next < min(width, blobs.count) { submit() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < blobs.count { submit() }
            }
        }
        return findings + results.flatMap { $0 }
    }
}
