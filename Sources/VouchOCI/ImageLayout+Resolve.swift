import VouchCore

extension ImageLayout {
    /// The `kind` annotation `cosign save` puts on the entries of `index.json`.
    public static let cosignKindAnnotation = "kind"
    /// `kind` values that mark the image itself (rather than its signatures or attestations).
    public static let cosignImageKinds: Set<String> = [
        "dev.cosignproject.cosign/image", "dev.cosignproject.cosign/imageIndex",
    ]

    /// Chooses the entry a layout reference names and reads it, checked.
    ///
    /// - By digest: an entry of `index.json` with that digest, or else any manifest reachable through nested
    ///   indexes (cosign's index of an index keeps the platform images one level down).
    /// - By tag: the entries whose `org.opencontainers.image.ref.name` is the tag; several with different digests
    ///   are ambiguous.
    /// - Neither: the only entry, or the entry `cosign save` marked as the image; anything else is ambiguous.
    ///
    /// - Throws: `oci.tag.not-found`, `oci.tag.ambiguous`, `oci.manifest.missing`, and any finding about the
    ///   chosen manifest or a malformed `index.json` entry (fail closed: a broken index is not half-trusted).
    public func resolve(_ reference: LayoutReference) throws(FindingError) -> VerifiedManifest {
        guard indexFindings.isEmpty else { throw FindingError(indexFindings) }
        let entries = indexEntries.map {
            (descriptor: $0.descriptor, location: SourceLocation(input: indexInput, pointer: $0.pointer))
        }
        if let digest = reference.digest {
            if let entry = entries.first(where: { $0.descriptor.digest == digest }) {
                return try readManifest(entry.descriptor, at: entry.location)
            }
            return try findNested(digest, in: entries)
        }
        if let tag = reference.tag {
            let tagged = entries.filter { $0.descriptor.refName == tag }
            guard let first = tagged.first else {
                throw FindingError(
                    .ociTagNotFound, "no entry of index.json is tagged '\(tag)'", input: indexInput,
                    details: ["tag": tag, "tags": tags.joined(separator: ", ")])
            }
            guard Set(tagged.map(\.descriptor.digest)).count == 1 else {
                throw FindingError(
                    .ociTagAmbiguous, "several entries with different digests are tagged '\(tag)'",
                    input: indexInput, details: ["tag": tag])
            }
            return try readManifest(first.descriptor, at: first.location)
        }
        if entries.count == 1 { return try readManifest(entries[0].descriptor, at: entries[0].location) }
        let images = entries.filter {
            $0.descriptor.annotations[Self.cosignKindAnnotation].map(Self.cosignImageKinds.contains) ?? false
        }
        if images.count == 1 { return try readManifest(images[0].descriptor, at: images[0].location) }
        throw FindingError(
            .ociTagAmbiguous,
            entries.isEmpty
                ? "index.json has no entries" : "index.json has \(entries.count) entries; name a tag or a digest",
            input: indexInput, details: ["tags": tags.joined(separator: ", ")])
    }

    /// The tags of `index.json`, sorted.
    public var tags: [String] {
        Array(Set(index.manifests.compactMap(\.refName))).sorted()
    }

    /// Looks for a manifest by digest below nested indexes, breadth first, within the depth limit.
    private func findNested(
        _ digest: Digest, in entries: [(descriptor: Descriptor, location: SourceLocation)]
    )
        throws(FindingError) -> VerifiedManifest
    {
        var level = entries.filter { MediaType.kind(of: $0.descriptor.mediaType)?.isIndex == true }
        var depth = 0
        while !level.isEmpty && depth < limits.maxIndexDepth {
            var next: [(descriptor: Descriptor, location: SourceLocation)] = []
            for entry in level {
                let verified = try readManifest(entry.descriptor, at: entry.location)
                let input = blobInput(entry.descriptor.digest)
                for child in verified.manifest.children {
                    let location = SourceLocation(input: input, pointer: child.pointer)
                    if child.descriptor.digest == digest { return try readManifest(child.descriptor, at: location) }
                    if MediaType.kind(of: child.descriptor.mediaType)?.isIndex == true {
                        next.append((child.descriptor, location))
                    }
                }
            }
            level = next
            depth += 1
        }
        throw FindingError(
            .ociManifestMissing, "no manifest with this digest is reachable from index.json",
            input: indexInput, details: ["digest": digest.description])
    }
}
