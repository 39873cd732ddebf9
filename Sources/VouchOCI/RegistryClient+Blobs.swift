import Foundation
import VouchCore
import VouchCrypto

extension RegistryClient {
    /// Fetches a small blob (a config, a signature payload) whole, checked for size and digest.
    public func blob(
        _ repository: ImageReference, descriptor: Descriptor, at location: SourceLocation? = nil
    )
        async throws(FindingError) -> Data
    {
        if let data = descriptor.data { return Data(data) }
        let sink = MemorySink()
        try await download(repository, descriptor: descriptor, into: sink, at: location)
        return sink.data
    }

    /// Streams a blob into a file, checking size and digest on the way; the file is complete only when this
    /// returns. Large blobs are fetched in ranges of ``RegistryConfiguration/blobChunkBytes`` so that memory stays
    /// bounded whatever the blob's size; a registry that ignores `Range` is read whole, within
    /// ``Limits/maxFetchBytes``.
    ///
    /// - Throws: `oci.blob.missing`, `oci.blob.size-mismatch`, `oci.blob.digest-mismatch`, `oci.blob.too-large`,
    ///   registry and transport findings. On failure the file's content is undefined; the caller discards it.
    public func download(
        _ repository: ImageReference, descriptor: Descriptor, to file: URL, at location: SourceLocation? = nil
    )
        async throws(FindingError)
    {
        let input = repository.with(digest: descriptor.digest).description
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: file)
        else {
            throw FindingError(.ociLayoutWriteFailed, "cannot create a temporary file for the blob", input: file.path)
        }
        defer { try? handle.close() }
        try await download(
            repository, descriptor: descriptor, into: FileSink(handle: handle, path: file.path),
            at: location ?? SourceLocation(input: input))
    }

    func download(
        _ repository: ImageReference, descriptor: Descriptor, into sink: any BlobSink, at location: SourceLocation?
    )
        async throws(FindingError)
    {
        let input = repository.with(digest: descriptor.digest).description
        let location = location ?? SourceLocation(input: input)
        guard descriptor.size <= Int64(limits.maxBlobBytes) else {
            throw FindingError(
                Finding(
                    .ociBlobTooLarge,
                    "the descriptor declares \(descriptor.size) bytes, more than the limit of \(limits.maxBlobBytes)",
                    at: location, details: ["limit": String(limits.maxBlobBytes), "size": String(descriptor.size)]))
        }
        let url = url(repository, "blobs/\(descriptor.digest)")
        var hasher = DigestHasher(descriptor.digest.algorithm)
        var received: Int64 = 0
        let chunk = Int64(configuration.blobChunkBytes)

        if descriptor.size <= chunk {
            // One request; one byte more than declared is allowed through so that a longer blob is seen as such.
            let body = try await fetchBlobBody(
                url, range: nil, maxBytes: Int(descriptor.size) + 1, repository: repository,
                input: input, location: location, declared: descriptor.size)
            hasher.update(body)
            try sink.write(body)
            received = Int64(body.count)
        } else {
            while received < descriptor.size {
                let end = min(received + chunk, descriptor.size) - 1
                let requested = end - received + 1
                let part: Data
                do {
                    part = try await fetchBlobBody(
                        url, range: (received, end), maxBytes: Int(end - received + 1),
                        repository: repository, input: input, location: location, declared: descriptor.size)
                } catch let error
                    where received == 0 && error.findings.contains(where: { $0.code == .ociRegistryRangeIgnored })
                {
                    // The registry ignores Range: read it whole if the limit allows.
                    guard descriptor.size <= Int64(limits.maxFetchBytes) else {
                        throw FindingError(
                            Finding(
                                .ociBlobTooLarge,
                                "the registry ignores Range requests and the blob is larger than "
                                    + "\(limits.maxFetchBytes) bytes",
                                at: location,
                                details: ["limit": String(limits.maxFetchBytes), "size": String(descriptor.size)]))
                    }
                    let body = try await fetchBlobBody(
                        url, range: nil, maxBytes: Int(descriptor.size) + 1,
                        repository: repository, input: input, location: location, declared: descriptor.size)
                    hasher.update(body)
                    try sink.write(body)
                    received = Int64(body.count)
                    break
                }
                hasher.update(part)
                try sink.write(part)
                received += Int64(part.count)
                // A short range means the blob ended early; the size check below reports it.
                if Int64(part.count) < requested { break }
            }
        }
        let findings = ContentCheck.compare(
            size: received, digest: hasher.finalize(), against: descriptor, at: location, isManifest: false, path: input
        )
        guard findings.isEmpty else { throw FindingError(findings) }
    }

    /// One GET of a blob or a range of it.
    private func fetchBlobBody(
        _ url: URL, range: (Int64, Int64)?, maxBytes: Int, repository: ImageReference, input: String,
        location: SourceLocation, declared: Int64
    ) async throws(FindingError) -> Data {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append((name: "Range", value: "bytes=\(range.0)-\(range.1)")) }
        let response: FetchResponse
        do {
            response = try await send(FetchRequest(url: url, headers: headers, maxBytes: maxBytes), for: repository)
        } catch {
            guard Self.isSizeLimit(error) else { throw error }
            if range != nil {
                throw FindingError(
                    .ociRegistryRangeIgnored, "the registry sent more than the range asked for",
                    input: input)
            }
            throw FindingError(
                Finding(
                    .ociBlobSizeMismatch,
                    "the registry sent more bytes than the descriptor declares (\(declared))", at: location,
                    details: ["expected": String(declared), "actual": "more than \(declared)", "path": input]))
        }
        if response.status == 404 {
            throw FindingError(
                Finding(
                    .ociBlobMissing, "the registry does not have this blob", at: location,
                    details: registryErrorDetails(response).merging(["url": url.absoluteString]) { $1 }))
        }
        guard response.isSuccess else { throw unexpected(response, "blob", input: input) }
        if let range {
            guard response.status == 206 else {
                throw FindingError(
                    .ociRegistryRangeIgnored, "the registry answered a Range request with the whole blob",
                    input: input)
            }
            // A 206 must be the range asked for: a server that shifts it would splice the wrong bytes together.
            let contentRange = response.header("content-range") ?? ""
            guard contentRange.hasPrefix("bytes \(range.0)-") else {
                throw FindingError(
                    Finding(
                        .ociRegistryRangeIgnored, "the registry sent another range than the one asked for",
                        at: location, details: ["requested": "\(range.0)-\(range.1)", "contentRange": contentRange]))
            }
        }
        return response.body
    }
}

/// Where streamed blob bytes go.
protocol BlobSink: Sendable {
    func write(_ data: Data) throws(FindingError)
}

/// Collects a small blob in memory.
private final class MemorySink: BlobSink, @unchecked Sendable {
    // Confined to the one download that writes it; read after the download returns.
    private(set) var data = Data()

    func write(_ data: Data) throws(FindingError) { self.data.append(data) }
}

/// Appends to a file.
private struct FileSink: BlobSink, @unchecked Sendable {
    // FileHandle is not Sendable; this sink is used by one download at a time.
    let handle: FileHandle
    let path: String

    func write(_ data: Data) throws(FindingError) {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw FindingError(
                .ociLayoutWriteFailed, "writing the blob failed: \(error.localizedDescription)", input: path)
        }
    }
}
