import VouchCore
import VouchSigstore

/// The finding code that names the actual defect of each failing sigstore-conformance case. The upstream harness
/// only checks the exit status; asserting the code keeps an unrelated error from passing as the right one.
/// `scripts/sigstore-conformance` keeps the same table.
enum ConformanceExpectations {
    static let codes: [String: FindingCode] = [
        "bundle-from-wrong-instance_fail": .sigstoreTlogLogUnknown,
        "bundle-invalid-base64-signature_fail": .sigstoreBundleBase64Invalid,
        "bundle-negative-log-index_fail": .sigstoreTlogLogIndexInvalid,
        "bundle-unknown-version_fail": .sigstoreBundleVersionUnsupported,
        "bundle-with-root-cert_fail": .sigstoreBundleChainIncludesRoot,
        "checkpoint-wrong-roothash_fail": .sigstoreCheckpointRootMismatch,
        "dsse-mismatch-envelope_fail": .sigstoreTlogEntryMismatch,
        "dsse-mismatch-sig_fail": .sigstoreTlogEntryMismatch,
        "incorrect-public-key_fail": .sigstoreTlogEntryMismatch,
        "intoto-expired-certificate_fail": .sigstoreCertificateNotValidAtTime,
        "intoto-log-entry-mismatch_fail": .sigstoreTlogEntryMismatch,
        "intoto-missing-inclusion-proof_fail": .sigstoreBundleInclusionProofMissing,
        "intoto-tsa-timestamp-outside-cert-validity_fail": .sigstoreCertificateNotValidAtTime,
        "invalid-checkpoint-signature_fail": .sigstoreCheckpointSignatureInvalid,
        "rekor2-checkpoint-missing-log-signature_fail": .sigstoreCheckpointSignatureMissing,
        "rekor2-checkpoint-missing-root-hash_fail": .sigstoreCheckpointMalformed,
        "rekor2-no-inclusion-proof_fail": .sigstoreBundleInclusionProofMissing,
        "rekor2-timestamp-outside-trust-root-tsa-validity_fail": .sigstoreTimestampOutsideTSAValidity,
        "rekor2-timestamp-outside-tsa-cert-validity_fail": .sigstoreTimestampChainInvalid,
        "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail": .sigstoreTimestampUntrusted,
        "rekor2-timestamp-with-incorrect-time_fail": .sigstoreCertificateNotValidAtTime,
        "set-invalid-signature_fail": .sigstoreTlogSETInvalid,
        "signature-mismatch_fail": .sigstoreSignatureInvalid,
        "trust-root-tlog-missing-validity-start_fail": .sigstoreTrustedRootValidityStartMissing,
        "wrong-hashedrekord-cert-and-sig_fail": .sigstoreTlogEntryMismatch,
        "wrong-hashedrekord-entry_fail": .sigstoreTlogEntryMismatch,
        "wrong-material_fail": .sigstoreArtifactDigestMismatch,
    ]

    static let passing: Set<String> = [
        "bundle-with-sct-with-extensions", "happy-path-v0.1", "happy-path-v0.3", "happy-path-v0.3-new-mediaType",
        "intoto-with-custom-trust-root", "managed-key-and-trusted-root", "rekor2-checkpoint-multiple-cosigs",
        "rekor2-checkpoint-origin-not-first", "rekor2-checkpoint-two-sigs-from-origin", "rekor2-happy-path",
        "rekor2-timestamp-with-embedded-cert", "rekor2-timestamp-with-expired-cert-chain",
        "rekor2-timestamp-without-embedded-cert", "trust-root-tlog-validity-end-inclusive",
        "trust-root-tsa-validity-end-inclusive",
    ]
}
