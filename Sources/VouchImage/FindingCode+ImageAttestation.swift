import VouchCore

extension FindingCode {
    // MARK: Attestations of an image (`vouch verify attestation REF`)

    /// No attestation is attached to the image (`.att` images, bundle referrers, BuildKit attestation manifests).
    public static let imageAttestationNone = FindingCode("image.attestation.none")
    /// Attestations are attached, but none of the requested predicate type verified: the verdict of a failed
    /// `verify attestation` on an image.
    public static let imageAttestationNotVerified = FindingCode("image.attestation.not-verified")
    /// A verified attestation of another predicate type than the one requested: listed, not judged further (an
    /// error only when nothing of the requested type verified, then together with `attest.predicate.type-mismatch`).
    public static let imageAttestationNotRequested = FindingCode("image.attestation.not-requested")
    /// A BuildKit attestation (in-toto statement in an attestation manifest of the index) carries no signature:
    /// refused, or accepted with `--allow-unsigned-buildkit` (then a warning, recorded in the output).
    public static let imageAttestationUnsigned = FindingCode("image.attestation.unsigned")
    /// BuildKit attestations exist for the platforms of an index that was verified without `--platform`.
    public static let imageAttestationPerPlatform = FindingCode("image.attestation.per-platform")
}
