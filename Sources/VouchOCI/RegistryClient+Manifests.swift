import Foundation
import VouchCore
import VouchCrypto

extension RegistryClient {
    /// Resolves a reference to its manifest: `HEAD` for the digest the registry names, then `GET`, with the bytes
    /// checked against that digest, the `Docker-Content-Digest` of the `GET`, and the reference's own digest.
    ///
    /// - Throws: `oci.tag.not-found`, `oci.manifest.missing`, `oci.registry.digest-header-mismatch`,
    ///   `oci.manifest.digest-mismatch`, `oci.manifest.too-large`, `oci.registry.unauthorized`,
    ///   `oci.registry.error`, manifest parse findings, and the fetcher's transport findings.
    public func resolve(_ reference: ImageReference) async throws(FindingError) -> VerifiedManifest {
        let input = reference.description
        var announced: Digest?
        if reference.digest == nil {
            let head = try await send(
                FetchRequest(
                    url: url(reference, "manifests/\(reference.manifestReference)"), method: .head,
                    headers: [(name: "Accept", value: MediaType.manifestAccept)]),
                for: reference)
            if head.status == 404 { throw notFound(reference, head, input: input) }
            if head.isSuccess, let header = head.header("docker-content-digest") {
                announced = try OCIDigest.parse(header, input: "\(input) (Docker-Content-Digest of HEAD)")
            }
        }
        return try await manifest(
            reference, reference: reference.manifestReference, expected: reference.digest,
            announced: announced, input: input)
    }

    /// Fetches the manifest a descriptor names, by digest, checked for digest, size and media type.
    public func manifest(
        _ repository: ImageReference, descriptor: Descriptor, at location: SourceLocation? = nil
    )
        async throws(FindingError) -> VerifiedManifest
    {
        let input = repository.with(digest: descriptor.digest).description
        let verified = try await manifest(
            repository, reference: descriptor.digest.description,
            expected: descriptor.digest, announced: nil, input: input, declaredMediaType: descriptor.mediaType)
        if Int64(verified.bytes.count) != descriptor.size {
            let location = location ?? SourceLocation(input: input)
            throw FindingError(
                Finding(
                    .ociManifestSizeMismatch,
                    "the manifest is \(verified.bytes.count) bytes but its descriptor says \(descriptor.size)",
                    at: location,
                    details: [
                        "expected": String(descriptor.size), "actual": String(verified.bytes.count),
                        "digest": descriptor.digest.description,
                    ]))
        }
        return VerifiedManifest(descriptor: descriptor, bytes: verified.bytes, manifest: verified.manifest)
    }

    /// Fetches a manifest by tag when it exists: `nil` for a 404 (cosign's `.sig`/`.att`/`.sbom` tags are optional).
    public func manifestIfPresent(
        _ repository: ImageReference, tag: String
    ) async throws(FindingError) -> VerifiedManifest? {
        let reference = repository.with(tag: tag)
        do {
            return try await resolve(reference)
        } catch {
            if error.findings.allSatisfy({ $0.code == .ociTagNotFound }) { return nil }
            throw error
        }
    }

    /// GETs a manifest and checks it.
    ///
    /// - Parameters:
    ///   - expected: the digest the bytes must have (a digest reference or a descriptor).
    ///   - announced: the digest a preceding HEAD named.
    func manifest(
        _ repository: ImageReference, reference: String, expected: Digest?, announced: Digest?, input: String,
        declaredMediaType: String? = nil
    ) async throws(FindingError) -> VerifiedManifest {
        let request = FetchRequest(
            url: url(repository, "manifests/\(reference)"),
            headers: [(name: "Accept", value: MediaType.manifestAccept)], maxBytes: limits.maxManifestBytes)
        let response: FetchResponse
        do {
            response = try await send(request, for: repository)
        } catch {
            if Self.isSizeLimit(error) {
                throw FindingError(
                    .ociManifestTooLarge,
                    "the registry sent a manifest larger than \(limits.maxManifestBytes) bytes", input: input,
                    details: ["limit": String(limits.maxManifestBytes)])
            }
            throw error
        }
        if response.status == 404 {
            throw notFound(
                repository.with(tag: expected == nil ? reference : nil, digest: expected), response, input: input)
        }
        guard response.isSuccess else { throw unexpected(response, "manifest \(reference)", input: input) }
        let bytes = response.body
        var header: Digest?
        if let text = response.header("docker-content-digest") {
            header = try OCIDigest.parse(text, input: "\(input) (Docker-Content-Digest)")
        }
        let algorithm = expected?.algorithm ?? header?.algorithm ?? announced?.algorithm ?? .sha256
        let actual = Digest.of(bytes, using: algorithm)
        if let expected, actual != expected {
            throw FindingError(
                .ociManifestDigestMismatch,
                "the registry sent a manifest that does not hash to the digest it was asked for", input: input,
                details: ["expected": expected.description, "actual": actual.description])
        }
        if let header, Digest.of(bytes, using: header.algorithm) != header {
            throw FindingError(
                .ociRegistryDigestHeaderMismatch,
                "Docker-Content-Digest names another digest than the bytes sent", input: input,
                details: [
                    "header": header.description, "actual": Digest.of(bytes, using: header.algorithm).description,
                ])
        }
        if let announced, Digest.of(bytes, using: announced.algorithm) != announced {
            throw FindingError(
                .ociRegistryDigestHeaderMismatch,
                "HEAD named another digest than the manifest GET returned (the tag moved, or the registry lies)",
                input: input,
                details: [
                    "head": announced.description, "actual": Digest.of(bytes, using: announced.algorithm).description,
                ])
        }
        let contentType = response.header("content-type").map(MediaType.essence(of:))
        // Registries answer text/plain or application/json for documents they stored without a type; only a
        // manifest media type is a declaration worth holding the document to.
        let declared = declaredMediaType ?? contentType.flatMap { MediaType.kind(of: $0) != nil ? $0 : nil }
        let manifest = try Manifest.parse(bytes, declaredMediaType: declared, input: input, limits: limits)
        let descriptor = Descriptor(
            mediaType: declaredMediaType ?? manifest.kind.mediaType, digest: actual, size: Int64(bytes.count))
        return VerifiedManifest(descriptor: descriptor, bytes: bytes, manifest: manifest)
    }

    private func notFound(_ reference: ImageReference, _ response: FetchResponse, input: String) -> FindingError {
        if reference.digest == nil {
            return FindingError(
                .ociTagNotFound, "the registry does not know the tag '\(reference.manifestReference)'",
                input: input, details: registryErrorDetails(response))
        }
        return FindingError(
            .ociManifestMissing, "the registry does not have this manifest", input: input,
            details: registryErrorDetails(response))
    }
}
