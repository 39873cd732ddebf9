import VouchCore

extension FindingCode {
    // MARK: Verdicts: exactly one per verification that ran

    /// No cosign signature of the image was found (legacy `.sig`, OCI 1.1 bundle referrer, or `dir:` signature).
    public static let imageVerdictUnsigned = FindingCode("image.verdict.unsigned")
    /// Signatures were found and are intact, but none was made by a given key or identity or for the required
    /// reference and annotations.
    public static let imageVerdictNoMatch = FindingCode("image.verdict.no-match")
    /// No signature verified, and at least one signature (or the image's content) is broken: forged, altered, for
    /// another image, or not verifiable against the trusted root.
    public static let imageVerdictInvalid = FindingCode("image.verdict.invalid")

    // MARK: Finding the image and what is attached to it

    /// A `dir:` image is not a containers directory-transport image (no `manifest.json`).
    public static let imageDirectoryInvalid = FindingCode("image.directory.invalid")
    /// Attachments could not be listed completely (referrers listing failed): the image is not known to be unsigned.
    public static let imageDiscoveryIncomplete = FindingCode("image.discovery.incomplete")
    /// A referrer with the Sigstore bundle artifact type is not a manifest with one bundle layer.
    public static let imageBundleManifestInvalid = FindingCode("image.bundle.manifest-invalid")
    /// A Sigstore bundle attached to the image is neither a cosign image signature nor an attestation (a message
    /// signature, whose artifact an image cannot be).
    public static let imageBundleContentUnsupported = FindingCode("image.bundle.content-unsupported")

    // MARK: Legacy signature layers

    /// An attached layer or signature file is not of a cosign signature media type; it is not counted.
    public static let imageSignatureMediaTypeUnexpected = FindingCode("image.signature.media-type-unexpected")
    /// A `dir:` signature file is not in the `sigstore-json` format (for example a GPG simple signature).
    public static let imageSignatureFormatUnsupported = FindingCode("image.signature.format-unsupported")
    /// A signature layer lacks its `dev.cosignproject.cosign/signature` annotation.
    public static let imageSignatureAnnotationMissing = FindingCode("image.signature.annotation-missing")
    /// The signature annotation (or a `dir:` payload) is not base64.
    public static let imageSignatureBase64Invalid = FindingCode("image.signature.base64-invalid")
    /// The signature bytes cannot be a signature of the key: truncated or trailing DER, wrong length.
    public static let imageSignatureMalformed = FindingCode("image.signature.malformed")
    /// The payload blob does not match the digest or size of its layer descriptor.
    public static let imageSignaturePayloadDigestMismatch = FindingCode("image.signature.payload-digest-mismatch")
    /// The certificate or chain annotation is not PEM certificates.
    public static let imageSignatureCertificateInvalid = FindingCode("image.signature.certificate-invalid")
    /// The Rekor bundle annotation is not `{SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}`.
    public static let imageSignatureBundleInvalid = FindingCode("image.signature.bundle-invalid")
    /// The RFC 3161 annotation is not `{SignedRFC3161Timestamp}` with a base64 DER response.
    public static let imageSignatureTimestampInvalid = FindingCode("image.signature.timestamp-invalid")
    /// None of the given keys verifies the signature: it was made by another key (or altered in a way only the
    /// signer's key could tell).
    public static let imageSignatureKeyMismatch = FindingCode("image.signature.key-mismatch")

    // MARK: Simple-signing payloads

    /// The payload is not a simple-signing document (`critical` with `identity`, `image`, `type`; `optional`).
    public static let imagePayloadMalformed = FindingCode("image.payload.malformed")
    /// `critical.type` is not `cosign container image signature`.
    public static let imagePayloadTypeInvalid = FindingCode("image.payload.type-invalid")
    /// `critical.image.docker-manifest-digest` (or a v3 statement's subject) is not the image's digest.
    public static let imagePayloadDigestMismatch = FindingCode("image.payload.digest-mismatch")
    /// `critical.identity.docker-reference` does not name the repository (and tag) of `--docker-reference`.
    public static let imagePayloadReferenceMismatch = FindingCode("image.payload.reference-mismatch")
    /// An annotation required with `-a key=value` is absent from `optional` (or the v3 subject's annotations).
    public static let imagePayloadAnnotationMismatch = FindingCode("image.payload.annotation-mismatch")

    // MARK: Content, multi-arch, unsafe switches

    /// The image's blobs and child manifests were not checked (`--skip-blob-check`, or a registry without
    /// `--check-blobs`).
    public static let imageContentNotChecked = FindingCode("image.content.not-checked")
    /// The index is not signed, but some of its platform manifests are.
    public static let imageSignatureOnlyOnChildren = FindingCode("image.signature.only-on-children")
    /// The platform manifest is not signed, but its index is.
    public static let imageSignatureOnlyOnIndex = FindingCode("image.signature.only-on-index")
    /// The platform manifest is not signed, but other platforms of its index are.
    public static let imageSignatureOnlyOnOtherPlatforms = FindingCode("image.signature.only-on-other-platforms")
    /// Attestations are attached to the image; `verify image` lists them without judging them.
    public static let imageAttestationFound = FindingCode("image.attestation.found")
    /// Transparency log entries were neither required nor checked (`--insecure-ignore-tlog`).
    public static let imageUnsafeTransparencyLogIgnored = FindingCode("image.unsafe.transparency-log-ignored")
    /// Embedded SCTs were neither required nor checked (`--insecure-ignore-sct`).
    public static let imageUnsafeSCTIgnored = FindingCode("image.unsafe.sct-ignored")
}
