import Foundation
import VouchCore

/// The manifests that name a subject, and how the list was obtained.
public struct ReferrersListing: Sendable {
    /// Descriptors of the referring manifests.
    public var referrers: [Descriptor]
    /// True when the registry has no referrers API and the `sha256-<hex>` tag was read instead.
    public var usedFallbackTag: Bool
    /// Notes about how the list was obtained (the fallback, as an info finding).
    public var notes: [Finding]
}

extension RegistryClient {
    /// Lists the referrers of a manifest (OCI distribution 1.1).
    ///
    /// `GET /v2/<name>/referrers/<digest>` answers an image index. A registry without the API answers 404; then the
    /// referrers tag schema is read: the index tagged `<alg>-<hex>`, where 404 means there are none. Any other
    /// failure (an error status once retries are spent, a transport failure, an unusable body) is
    /// `oci.referrers.listing-failed`: an unknown list is never reported as an empty one.
    public func referrers(
        _ repository: ImageReference, of digest: Digest
    ) async throws(FindingError) -> ReferrersListing {
        let input = repository.with(digest: digest).description
        do throws(FindingError) {
            let response = try await send(
                FetchRequest(
                    url: url(repository, "referrers/\(digest)"),
                    headers: [(name: "Accept", value: MediaType.ociIndex)], maxBytes: limits.maxManifestBytes),
                for: repository)
            if response.isSuccess {
                let manifest = try Manifest.parse(
                    response.body, declaredMediaType: MediaType.ociIndex,
                    input: "\(input) (referrers)", limits: limits)
                guard case .index(let index) = manifest else {
                    throw FindingError(.ociManifestInvalid, "the referrers API did not answer an index", input: input)
                }
                return ReferrersListing(referrers: index.manifests, usedFallbackTag: false, notes: [])
            }
            guard response.status == 404 else { throw unexpected(response, "the referrers list", input: input) }
            let tag = Self.fallbackTag(for: digest)
            let note = Finding(
                .ociReferrersFallback, severity: .info,
                "the registry has no referrers API; read the fallback tag \(tag)", input: input, details: ["tag": tag])
            guard let fallback = try await manifestIfPresent(repository, tag: tag) else {
                return ReferrersListing(referrers: [], usedFallbackTag: true, notes: [note])
            }
            guard case .index(let index) = fallback.manifest else {
                throw FindingError(.ociManifestInvalid, "the fallback tag \(tag) is not an image index", input: input)
            }
            return ReferrersListing(referrers: index.manifests, usedFallbackTag: true, notes: [note])
        } catch {
            throw FindingError(
                [
                    Finding(
                        .ociReferrersListingFailed,
                        "the referrers of this manifest could not be listed; whether it has any is unknown",
                        input: input,
                        details: ["digest": digest.description])
                ] + error.findings)
        }
    }

    /// The referrers tag schema: `sha256:abc…` → `sha256-abc…`.
    public static func fallbackTag(for digest: Digest) -> String {
        "\(digest.algorithm.rawValue)-\(digest.hex)"
    }
}

/// The tags under which cosign stores what it attaches to an image (`cosign sign`, `attest`, `attach sbom`).
public enum CosignTag: String, Sendable, CaseIterable {
    case signature = "sig"
    case attestation = "att"
    case sbom = "sbom"

    /// `sha256-<hex>.sig` and so on.
    public func tag(for digest: Digest) -> String {
        "\(digest.algorithm.rawValue)-\(digest.hex).\(rawValue)"
    }

    /// The `kind` annotation `cosign save` gives such an entry in a layout's `index.json`.
    public var kind: String {
        switch self {
        case .signature: "dev.cosignproject.cosign/sigs"
        case .attestation: "dev.cosignproject.cosign/atts"
        case .sbom: "dev.cosignproject.cosign/sboms"
        }
    }
}
