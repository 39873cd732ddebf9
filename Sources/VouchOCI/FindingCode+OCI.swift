import VouchCore

extension FindingCode {
    // MARK: References

    /// An image reference does not follow the docker/distribution grammar, or an `oci:` reference is malformed.
    public static let ociReferenceInvalid = FindingCode("oci.reference.invalid")

    // MARK: Content model

    /// A media type Vouch does not know where it must interpret the content (a manifest, an index entry).
    public static let ociMediaTypeUnknown = FindingCode("oci.media-type.unknown")
    /// The media type inside a manifest disagrees with the one its descriptor or the registry declared.
    public static let ociMediaTypeMismatch = FindingCode("oci.media-type.mismatch")
    /// A manifest or index breaks the image specification (schema version, required member, member type).
    public static let ociManifestInvalid = FindingCode("oci.manifest.invalid")
    /// A manifest in a format Vouch refuses to trust, such as Docker schema 1 (no content addressing of the config).
    public static let ociManifestUnsupported = FindingCode("oci.manifest.unsupported")
    /// A manifest is larger than `Limits.maxManifestBytes`.
    public static let ociManifestTooLarge = FindingCode("oci.manifest.too-large")
    /// A descriptor is malformed: negative size, a digest that is not a supported algorithm, bad annotations.
    public static let ociDescriptorInvalid = FindingCode("oci.descriptor.invalid")
    /// A descriptor's digest tries to leave the blob directory (`..`, `/`): refused before any path is built.
    public static let ociDescriptorPathEscape = FindingCode("oci.descriptor.path-escape")
    /// A descriptor's embedded `data` does not match its digest or size.
    public static let ociDescriptorDataMismatch = FindingCode("oci.descriptor.data-mismatch")
    /// A descriptor with the OCI 1.1 empty media type does not describe the two-byte blob `{}`.
    public static let ociDescriptorEmptyInvalid = FindingCode("oci.descriptor.empty-invalid")

    // MARK: Content checks

    /// A manifest's bytes hash to a different digest than the descriptor or reference names (rewritten in place).
    public static let ociManifestDigestMismatch = FindingCode("oci.manifest.digest-mismatch")
    /// A manifest's length differs from the size its descriptor declares.
    public static let ociManifestSizeMismatch = FindingCode("oci.manifest.size-mismatch")
    /// A manifest a descriptor names is not present (layout) or unknown to the registry.
    public static let ociManifestMissing = FindingCode("oci.manifest.missing")
    /// A blob (config or layer) hashes to a different digest than its descriptor names.
    public static let ociBlobDigestMismatch = FindingCode("oci.blob.digest-mismatch")
    /// A blob's length differs from the size its descriptor declares.
    public static let ociBlobSizeMismatch = FindingCode("oci.blob.size-mismatch")
    /// A blob a descriptor names is not present (layout) or unknown to the registry.
    public static let ociBlobMissing = FindingCode("oci.blob.missing")
    /// A blob is larger than `Limits.maxBlobBytes`, or cannot be fetched within `Limits.maxFetchBytes`.
    public static let ociBlobTooLarge = FindingCode("oci.blob.too-large")
    /// A blob in the layout is reachable from no descriptor in `index.json`.
    public static let ociBlobUnreferenced = FindingCode("oci.blob.unreferenced")
    /// Indexes nest deeper than `Limits.maxIndexDepth`.
    public static let ociIndexTooDeep = FindingCode("oci.index.too-deep")
    /// More descriptors or blobs than `Limits.maxLayoutBlobs`.
    public static let ociIndexTooManyEntries = FindingCode("oci.index.too-many-entries")

    // MARK: Image layouts

    /// The directory is not an OCI image layout: no `oci-layout` file or no `index.json`.
    public static let ociLayoutNotALayout = FindingCode("oci.layout.not-a-layout")
    /// `oci-layout` names an `imageLayoutVersion` this reader does not support, or is malformed.
    public static let ociLayoutVersionUnsupported = FindingCode("oci.layout.version-unsupported")
    /// `index.json` is larger than `Limits.maxManifestBytes`.
    public static let ociLayoutIndexTooLarge = FindingCode("oci.layout.index-too-large")
    /// A symbolic link on the way to a layout file points outside the layout.
    public static let ociLayoutSymlinkEscape = FindingCode("oci.layout.symlink-escape")
    /// A layout file is not a regular file (a directory, a device, a FIFO).
    public static let ociLayoutNotAFile = FindingCode("oci.layout.not-a-file")
    /// A file under `blobs/` whose name is not a digest of a supported algorithm.
    public static let ociLayoutUnexpectedFile = FindingCode("oci.layout.unexpected-file")
    /// Writing into a layout failed (permissions, disk full), or the target is not a layout.
    public static let ociLayoutWriteFailed = FindingCode("oci.layout.write-failed")

    // MARK: Selecting an image

    /// No manifest carries the requested tag (layout) or the registry does not know it.
    public static let ociTagNotFound = FindingCode("oci.tag.not-found")
    /// A layout reference without a tag matches several manifests, or a tag names several.
    public static let ociTagAmbiguous = FindingCode("oci.tag.ambiguous")
    /// No manifest in the index matches the requested platform.
    public static let ociPlatformNotFound = FindingCode("oci.platform.not-found")

    // MARK: Registries

    /// A registry's `Docker-Content-Digest` header disagrees with the bytes it sent (or with the tag's HEAD answer).
    public static let ociRegistryDigestHeaderMismatch = FindingCode("oci.registry.digest-header-mismatch")
    /// The registry refused access after authentication (401/403), or offered no usable challenge.
    public static let ociRegistryUnauthorized = FindingCode("oci.registry.unauthorized")
    /// The token endpoint named by a `WWW-Authenticate` challenge failed or answered without a token.
    public static let ociRegistryTokenFailed = FindingCode("oci.registry.token-failed")
    /// The registry answered with a status or error body the client cannot use (details carry the registry's codes).
    public static let ociRegistryError = FindingCode("oci.registry.error")
    /// The registry answered a `Range` request with other bytes than asked (the whole blob where a range was
    /// needed, or a shifted range).
    public static let ociRegistryRangeIgnored = FindingCode("oci.registry.range-ignored")
    /// A `Link` header for the next page is malformed, leaves the registry, or pagination exceeds the page limit.
    public static let ociRegistryPaginationInvalid = FindingCode("oci.registry.pagination-invalid")
    /// Listing referrers failed (API and fallback tag schema): the answer is unknown, not "no referrers".
    public static let ociReferrersListingFailed = FindingCode("oci.referrers.listing-failed")
    /// A referrer does not name the subject it was listed for.
    public static let ociReferrersSubjectMismatch = FindingCode("oci.referrers.subject-mismatch")
    /// The registry has no referrers API; the fallback tag schema (`sha256-<hex>`) was used instead.
    public static let ociReferrersFallback = FindingCode("oci.referrers.fallback-tag-schema")
    /// A docker `config.json` is malformed, or its `auth` value is not base64 of `user:password`.
    public static let ociCredentialsInvalid = FindingCode("oci.credentials.invalid")
    /// config.json says a credential helper owns the registry, and `docker-credential-<name>` is not on `PATH`.
    public static let ociCredentialsHelperMissing = FindingCode("oci.credentials.helper-missing")
    /// The credential helper could not be started, exited non-zero (other than "credentials not found"), or printed
    /// more than the output limit.
    public static let ociCredentialsHelperFailed = FindingCode("oci.credentials.helper-failed")
    /// The credential helper did not answer within its time limit and was stopped.
    public static let ociCredentialsHelperTimeout = FindingCode("oci.credentials.helper-timeout")
    /// The credential helper exited 0 but did not print `{"Username": string, "Secret": string}`.
    public static let ociCredentialsHelperOutputInvalid = FindingCode("oci.credentials.helper-output-invalid")
}
