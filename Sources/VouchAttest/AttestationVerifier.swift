import VouchCore

/// What an attestation must be about and say.
public struct AttestationPolicy: Sendable {
    /// The predicate type asked for; enforced on every path (a different type is a failure, never a skip).
    public var predicateType: PredicateTypeMatcher
    /// The artifact's digests; a subject must carry one of them.
    public var artifactDigests: [Digest]
    /// Requirements on SLSA provenance; only meaningful when the predicate type is provenance.
    public var provenance: ProvenancePolicy
    /// The artifact is an image: an SBOM predicate that names an image digest must name this one.
    public var artifactIsImage: Bool

    public init(
        predicateType: PredicateTypeMatcher, artifactDigests: [Digest], provenance: ProvenancePolicy = ProvenancePolicy(),
        artifactIsImage: Bool = false
    ) {
        self.predicateType = predicateType
        self.artifactDigests = artifactDigests
        self.provenance = provenance
        self.artifactIsImage = artifactIsImage
    }
}

/// An attestation whose envelope verified and whose statement met the policy.
public struct VerifiedAttestation: Sendable {
    public let envelope: VerifiedDSSEEnvelope
    public let statement: InTotoStatement
    /// Set when the predicate is SLSA provenance.
    public let provenance: SLSAProvenance?
    /// Set when the predicate is an SPDX or CycloneDX SBOM (to be handed to the SBOM validator).
    public let sbom: SBOMPredicate?
}

/// Verifies one DSSE-wrapped in-toto attestation: signatures first, then — reading only the verified bytes — the
/// statement, its subject, its predicate type and, for provenance, the builder and source requirements.
public struct AttestationVerifier: Sendable {
    public let dsse: DSSEVerifier
    public let policy: AttestationPolicy

    public init(dsse: DSSEVerifier, policy: AttestationPolicy) {
        self.dsse = dsse
        self.policy = policy
    }

    public func verify(_ envelope: DSSEEnvelope) -> Outcome<VerifiedAttestation> {
        // 1. Signatures over PAE, threshold of distinct keys. Nothing in the payload is read before this passes.
        let verifiedEnvelope: VerifiedDSSEEnvelope
        switch dsse.verify(envelope) {
        case .failed(let findings): return .failed(findings)
        case .verified(let value, _): verifiedEnvelope = value
        }
        return verifyStatement(of: verifiedEnvelope)
    }

    /// Steps 2–5 for an envelope whose signatures were verified elsewhere (for example by a Sigstore bundle).
    public func verifyStatement(of envelope: VerifiedDSSEEnvelope) -> Outcome<VerifiedAttestation> {
        let input = envelope.envelope.location.input
        // 2. The verified payload is an in-toto statement.
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement.parse(envelope.payload, input: input)
        } catch {
            return .failed(error.findings)
        }
        var findings: [Finding] = []
        // 3. It is about this artifact.
        if let mismatch = statement.subjectMismatch(for: policy.artifactDigests, input: input) {
            findings.append(mismatch)
        }
        // 4. It says what was asked for.
        guard policy.predicateType.matches(statement.predicateType) else {
            findings.append(Finding(
                .predicateTypeMismatch,
                "predicate type '\(statement.predicateType)' is not the requested '\(policy.predicateType)'",
                input: input, pointer: ["predicateType"],
                details: ["expected": policy.predicateType.description, "actual": statement.predicateType]))
            return .failed(findings)
        }
        // 5. Provenance meets the builder and source requirements.
        var provenance: SLSAProvenance?
        if SLSAProvenance.Version(rawValue: statement.predicateType) != nil {
            do {
                let parsed = try SLSAProvenance(statement)
                findings += policy.provenance.check(parsed)
                provenance = parsed
            } catch {
                findings += error.findings
            }
        } else if policy.provenance != ProvenancePolicy() {
            findings.append(Finding(
                .predicateTypeMismatch, "builder and source requirements need SLSA provenance",
                input: input, pointer: ["predicateType"], details: ["actual": statement.predicateType]))
        }
        // 6. An SBOM attached to an image describes that image, where the SBOM records which image it describes.
        var sbom: SBOMPredicate?
        if (try? PredicateTypeMatcher("spdx").matches(statement.predicateType)) == true
            || (try? PredicateTypeMatcher("cyclonedx").matches(statement.predicateType)) == true
        {
            do {
                let parsed = try SBOMPredicate(statement)
                if policy.artifactIsImage, let image = policy.artifactDigests.first(where: { $0.algorithm == .sha256 }),
                    let check = parsed.describedImageCheck(image, input: input)
                {
                    findings.append(check)
                }
                sbom = parsed
            } catch {
                findings += error.findings
            }
        }
        return .judge(
            VerifiedAttestation(envelope: envelope, statement: statement, provenance: provenance, sbom: sbom),
            findings: findings)
    }
}
