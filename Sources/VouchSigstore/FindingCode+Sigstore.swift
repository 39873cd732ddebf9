import VouchCore

// Every finding code VouchSigstore emits; docs/findings.md ("Sigstore") explains each with its remedy.

extension FindingCode {
    // MARK: Trusted root

    /// No trusted root was given and none is configured.
    public static let sigstoreTrustedRootMissing = FindingCode("sigstore.trusted-root.missing")
    /// The trusted root's media type is not a trusted-root media type Vouch reads (v0.1 or v0.2).
    public static let sigstoreTrustedRootMediaType = FindingCode("sigstore.trusted-root.media-type-unsupported")
    /// A value in the trusted root is not what the format allows (bad base64, key, certificate, time, window).
    public static let sigstoreTrustedRootMalformed = FindingCode("sigstore.trusted-root.malformed")
    /// A transparency or CT log key in the trusted root has no `validFor.start`.
    public static let sigstoreRootValidityStartMissing = FindingCode("sigstore.trusted-root.validity-start-missing")

    // MARK: Bundle

    /// The media type is not a Sigstore bundle media type.
    public static let sigstoreBundleMediaTypeUnknown = FindingCode("sigstore.bundle.media-type-unknown")
    /// The bundle media type names a version Vouch does not support (only 0.1, 0.2 and 0.3 are).
    public static let sigstoreBundleVersionUnsupported = FindingCode("sigstore.bundle.version-unsupported")
    /// A `bytes` field is not base64.
    public static let sigstoreBundleBase64Invalid = FindingCode("sigstore.bundle.base64-invalid")
    /// A bundle value the format forbids (empty chain, missing content, out-of-range integer, no time in a promise).
    public static let sigstoreBundleMalformed = FindingCode("sigstore.bundle.malformed")
    /// A v0.1 bundle's log entry has no inclusion promise.
    public static let sigstoreBundleInclusionPromiseMissing = FindingCode("sigstore.bundle.inclusion-promise-missing")
    /// A v0.2+ bundle's log entry (or any Rekor v2 entry) has no inclusion proof.
    public static let sigstoreBundleInclusionProofMissing = FindingCode("sigstore.bundle.inclusion-proof-missing")
    /// A v0.3 bundle carries an `x509CertificateChain`, which v0.3 forbids.
    public static let sigstoreBundleChainForbidden = FindingCode("sigstore.bundle.certificate-chain-forbidden")
    /// The bundle's certificate chain contains a self-issued (root) certificate.
    public static let sigstoreBundleChainIncludesRoot = FindingCode("sigstore.bundle.chain-includes-root")
    /// The DSSE envelope does not have exactly one signature.
    public static let sigstoreBundleDSSESignatureCount = FindingCode("sigstore.bundle.dsse-signature-count")
    /// The bundle has no transparency log entry.
    public static let sigstoreBundleTlogEntryMissing = FindingCode("sigstore.bundle.tlog-entry-missing")
    /// More log entries, timestamps or proof hashes than the limits allow.
    public static let sigstoreBundleLimitExceeded = FindingCode("sigstore.bundle.limit-exceeded")

    // MARK: Transparency log

    /// No transparency log in the trusted root has the entry's log ID.
    public static let sigstoreTlogLogUnknown = FindingCode("sigstore.tlog.log-unknown")
    /// The log's key in the trusted root cannot be used (unsupported key type).
    public static let sigstoreTlogKeyUnsupported = FindingCode("sigstore.tlog.key-unsupported")
    /// The log's key was not valid (trusted-root `validFor`, closed interval) at the entry's time.
    public static let sigstoreTlogKeyNotValidAtTime = FindingCode("sigstore.tlog.key-not-valid-at-time")
    /// The entry's integrated time lies after the moment of verification (beyond the allowed clock skew).
    public static let sigstoreTlogIntegratedTimeInFuture = FindingCode("sigstore.tlog.integrated-time-in-future")
    /// A log index is negative or outside the tree.
    public static let sigstoreTlogLogIndexInvalid = FindingCode("sigstore.tlog.log-index-invalid")
    /// The entry's kind or version is not one Vouch can bind to a bundle.
    public static let sigstoreTlogKindUnsupported = FindingCode("sigstore.tlog.kind-unsupported")
    /// The canonicalized body is not the JSON of the entry kind it claims.
    public static let sigstoreTlogBodyMalformed = FindingCode("sigstore.tlog.body-malformed")
    /// The logged entry does not record this bundle's signature, key or certificate, or payload.
    public static let sigstoreTlogEntryMismatch = FindingCode("sigstore.tlog.entry-mismatch")
    /// The signed entry timestamp (inclusion promise) does not verify with the log's key.
    public static let sigstoreTlogSETInvalid = FindingCode("sigstore.tlog.set-invalid")
    /// The inclusion proof does not lead from the entry to the tree root, or its shape is impossible.
    public static let sigstoreTlogInclusionProofInvalid = FindingCode("sigstore.tlog.inclusion-proof-invalid")

    // MARK: Checkpoint

    /// An inclusion proof has no checkpoint.
    public static let sigstoreCheckpointMissing = FindingCode("sigstore.checkpoint.missing")
    /// The checkpoint is not a signed note with origin, tree size and root hash.
    public static let sigstoreCheckpointMalformed = FindingCode("sigstore.checkpoint.malformed")
    /// No signature line of the checkpoint comes from the log's key.
    public static let sigstoreCheckpointSignatureMissing = FindingCode("sigstore.checkpoint.signature-missing")
    /// A signature line from the log's key does not verify.
    public static let sigstoreCheckpointSignatureInvalid = FindingCode("sigstore.checkpoint.signature-invalid")
    /// The checkpoint's tree size or root hash differs from the inclusion proof's (Rekor v1).
    public static let sigstoreCheckpointRootMismatch = FindingCode("sigstore.checkpoint.root-mismatch")
    /// The checkpoint's origin is not the log's name (Rekor v2).
    public static let sigstoreCheckpointOriginMismatch = FindingCode("sigstore.checkpoint.origin-mismatch")

    // MARK: Time

    /// No verified time (RFC 3161 timestamp or Rekor v1 inclusion promise) to judge the certificate at.
    public static let sigstoreTimeMissing = FindingCode("sigstore.time.missing")

    // MARK: Timestamps

    /// A `signedTimestamp` is not a granted RFC 3161 response with one signer.
    public static let sigstoreTimestampMalformed = FindingCode("sigstore.timestamp.malformed")
    /// The token's imprint uses SHA-1 or an unknown hash.
    public static let sigstoreTimestampAlgorithmUnsupported = FindingCode("sigstore.timestamp.algorithm-unsupported")
    /// The token's message imprint is not the hash of the bundle's signature.
    public static let sigstoreTimestampImprintMismatch = FindingCode("sigstore.timestamp.imprint-mismatch")
    /// No timestamp authority in the trusted root issued the token.
    public static let sigstoreTimestampUntrusted = FindingCode("sigstore.timestamp.untrusted")
    /// The token's CMS signature does not verify with its signer's key.
    public static let sigstoreTimestampSignatureInvalid = FindingCode("sigstore.timestamp.signature-invalid")
    /// The ESS signing-certificate attribute is missing or names another certificate.
    public static let sigstoreTimestampESSBinding = FindingCode("sigstore.timestamp.certificate-binding-invalid")
    /// The TSA certificate chain does not verify at the token's genTime (expired, not yet valid, wrong usage).
    public static let sigstoreTimestampChainInvalid = FindingCode("sigstore.timestamp.chain-invalid")
    /// The token's genTime is outside the TSA's `validFor` window in the trusted root.
    public static let sigstoreTimestampOutsideTSAValidity = FindingCode("sigstore.timestamp.outside-tsa-validity")
    /// The same token appears twice in the bundle.
    public static let sigstoreTimestampDuplicate = FindingCode("sigstore.timestamp.duplicate")
    /// A Rekor v2 entry needs a verified RFC 3161 timestamp and there is none.
    public static let sigstoreTimestampRequired = FindingCode("sigstore.timestamp.required")
    /// A timestamp's genTime lies after the moment of verification (beyond the allowed clock skew).
    public static let sigstoreTimestampInFuture = FindingCode("sigstore.timestamp.in-future")

    // MARK: Certificates

    /// The signing certificate was not valid (notBefore..notAfter) at a verified time.
    public static let sigstoreCertificateNotValidAtTime = FindingCode("sigstore.certificate.not-valid-at-time")
    /// No certificate authority of the trusted root issued the signing certificate, validly, at the time.
    public static let sigstoreCertificateUntrusted = FindingCode("sigstore.certificate.untrusted")
    /// The issuing CA's `validFor` window in the trusted root excludes the time.
    public static let sigstoreCertificateCANotValidAtTime = FindingCode("sigstore.certificate.ca-not-valid-at-time")
    /// The certificate has no embedded SCT.
    public static let sigstoreSCTMissing = FindingCode("sigstore.sct.missing")
    /// The SCT list extension cannot be decoded.
    public static let sigstoreSCTMalformed = FindingCode("sigstore.sct.malformed")
    /// No CT log in the trusted root has the SCT's log ID.
    public static let sigstoreSCTLogUnknown = FindingCode("sigstore.sct.log-unknown")
    /// The CT log's key was not valid at the SCT's time.
    public static let sigstoreSCTLogNotValidAtTime = FindingCode("sigstore.sct.log-not-valid-at-time")
    /// The SCT's signature does not verify over the reconstructed precertificate.
    public static let sigstoreSCTInvalid = FindingCode("sigstore.sct.invalid")

    // MARK: Identity policy

    /// No subject alternative name matches the expected identity.
    public static let sigstoreIdentitySANMismatch = FindingCode("sigstore.identity.san-mismatch")
    /// The OIDC issuer extension is absent or does not match.
    public static let sigstoreIdentityIssuerMismatch = FindingCode("sigstore.identity.issuer-mismatch")
    /// A required Fulcio extension is absent or does not match.
    public static let sigstoreIdentityExtensionMismatch = FindingCode("sigstore.identity.extension-mismatch")
    /// A warning: an identity or issuer regular expression is not anchored (`^…$`), so it also matches longer values.
    public static let sigstoreIdentityUnanchored = FindingCode("sigstore.identity.unanchored-expression")
    /// The policy itself is unusable (an invalid regular expression, an unknown extension name).
    public static let sigstorePolicyInvalid = FindingCode("sigstore.policy.invalid")
    /// The policy expects a key but the bundle holds a certificate, or the other way round.
    public static let sigstorePolicyMaterialMismatch = FindingCode("sigstore.policy.material-mismatch")

    // MARK: Signature and artifact

    /// The signature does not verify over the artifact (message signature) or the DSSE PAE.
    public static let sigstoreSignatureInvalid = FindingCode("sigstore.signature.invalid")
    /// The artifact's digest differs from the digest the bundle or its log entry records.
    public static let sigstoreArtifactDigestMismatch = FindingCode("sigstore.artifact.digest-mismatch")
    /// The artifact was given only as a digest, and this signature cannot be checked against that digest.
    public static let sigstoreArtifactDigestUnusable = FindingCode("sigstore.artifact.digest-unusable")
    /// The DSSE payload type is not `application/vnd.in-toto+json`.
    public static let sigstoreDSSEPayloadTypeUnsupported = FindingCode("sigstore.dsse.payload-type-unsupported")
    /// The DSSE payload is not an in-toto statement.
    public static let sigstoreDSSEStatementMalformed = FindingCode("sigstore.dsse.statement-malformed")
    /// The artifact's digest matches no subject of the in-toto statement.
    public static let sigstoreDSSESubjectMismatch = FindingCode("sigstore.dsse.subject-mismatch")
}
