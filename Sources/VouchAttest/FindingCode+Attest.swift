import VouchCore

extension FindingCode {
    /// A DSSE envelope is not `{payloadType, payload, signatures[{sig, keyid?}]}` with the right JSON types.
    public static let dsseMalformed = FindingCode("attest.dsse.malformed")
    /// `payload` or a `sig` is not base64 (standard or URL-safe).
    public static let dsseBase64 = FindingCode("attest.dsse.invalid-base64")
    /// One signature of an envelope does not verify with any trusted key (a warning: the threshold decides).
    public static let dsseSignatureInvalid = FindingCode("attest.dsse.signature-invalid")
    /// The envelope has no signatures.
    public static let dsseNoSignatures = FindingCode("attest.dsse.no-signatures")
    /// Fewer distinct trusted keys verified the envelope than the threshold requires.
    public static let dsseThresholdNotMet = FindingCode("attest.dsse.threshold-not-met")
    /// The payload type is not one the caller accepts (in-toto: `application/vnd.in-toto+json`).
    public static let dssePayloadTypeUnsupported = FindingCode("attest.dsse.payload-type-unsupported")
    /// The statement is not an in-toto Statement (wrong `_type`, missing subject or predicateType).
    public static let statementMalformed = FindingCode("attest.statement.malformed")
    /// The statement lists more subjects than ``Limits/maxInTotoSubjects``.
    public static let statementTooManySubjects = FindingCode("attest.statement.too-many-subjects")
    /// No subject of the statement has the artifact's digest.
    public static let statementSubjectMismatch = FindingCode("attest.statement.subject-mismatch")
    /// The statement's predicate type is not the one asked for.
    public static let predicateTypeMismatch = FindingCode("attest.predicate.type-mismatch")
    /// The predicate does not have the structure its type defines.
    public static let predicateMalformed = FindingCode("attest.predicate.malformed")
    /// The SBOM in an attestation names a different image digest than the image it is attached to.
    public static let sbomImageMismatch = FindingCode("attest.sbom.image-mismatch")
    /// The SBOM records no digest for what it describes, so it cannot be cross-checked (a note).
    public static let sbomImageUnrecorded = FindingCode("attest.sbom.image-unrecorded")
    /// SLSA provenance names a different builder than the policy requires.
    public static let provenanceBuilderMismatch = FindingCode("attest.provenance.builder-mismatch")
    /// SLSA provenance names a different source repository than the policy requires.
    public static let provenanceSourceMismatch = FindingCode("attest.provenance.source-mismatch")
    /// SLSA provenance was built from a different tag than the policy requires.
    public static let provenanceTagMismatch = FindingCode("attest.provenance.tag-mismatch")
    /// SLSA provenance was built from a different branch than the policy requires.
    public static let provenanceBranchMismatch = FindingCode("attest.provenance.branch-mismatch")
    /// The provenance lacks a field the policy needs to decide (for example no source when a source is required).
    public static let provenanceFieldMissing = FindingCode("attest.provenance.field-missing")
}
