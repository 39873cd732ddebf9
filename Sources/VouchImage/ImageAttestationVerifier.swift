import Foundation
import VouchAttest
import VouchCore
import VouchOCI
import VouchSigstore

/// Verifies the in-toto attestations of an image: cosign `.att` layers (converted into Sigstore bundles with DSSE
/// content, as legacy signatures are), DSSE Sigstore bundles attached as OCI referrers, and — only when the policy
/// accepts unsigned statements — BuildKit attestation manifests of the image's index.
///
/// 1. Resolve the image (with a platform, that manifest of the index), as ``ImageVerifier`` does.
/// 2. Find its attestations (``ImageAttachments``, ``BuildKitAttestation``).
/// 3. Signed ones: Sigstore verification by ``ImageVerifier/judge(_:of:in:)`` (key or identity, log entry,
///    timestamps; the statement's subject must be the image's digest). Unsigned BuildKit statements are refused
///    (`image.attestation.unsigned`) unless `allowUnsignedBuildKit`.
/// 4. The statement, read from the verified bytes: ``AttestationVerifier/verifyStatement(of:)`` with the image's
///    digest, the predicate type asked for and the provenance requirements.
///
/// An attestation of another predicate type than the one asked for is `not-requested`, as cosign's `--type` filter
/// skips it; it never satisfies the request, and when nothing of the requested type verifies its
/// `attest.predicate.type-mismatch` is one of the reasons reported. The verdict is verified when at least one
/// attestation of the requested type passed every check.
public struct ImageAttestationVerifier: Sendable {
    /// Signature verification (policy, trusted root, platform, time, unsafe switches).
    public let images: ImageVerifier
    /// The predicate type asked for and the provenance requirements; the artifact digests are the image's.
    public let policy: AttestationPolicy
    /// Accept BuildKit's unsigned statements (recorded in the output).
    public let allowUnsignedBuildKit: Bool

    public init(images: ImageVerifier, policy: AttestationPolicy, allowUnsignedBuildKit: Bool = false) {
        self.images = images
        self.policy = policy
        self.allowUnsignedBuildKit = allowUnsignedBuildKit
    }

    /// Verifies the attestations of the image `store` names.
    ///
    /// - Throws: only when the image cannot be looked at (unreadable layout, unknown tag, network, platform).
    public func verify(_ store: some ImageStore) async throws(FindingError) -> ImageAttestationVerification {
        // 1. The image.
        let target: CheckedManifest
        let index: CheckedManifest?
        do {
            (target, index) = try await images.resolveTarget(store)
        } catch {
            // A manifest that contradicts its digest is a verdict, as for `verify image`.
            guard error.findings.contains(where: { ImageVerifier.contentDefects.contains($0.code) }) else { throw error }
            return failedResolution(store, error.findings)
        }
        let digest = target.descriptor.digest
        var policy = self.policy
        policy.artifactDigests = [digest]
        policy.artifactIsImage = true
        let statements = AttestationVerifier(dsse: DSSEVerifier(keys: []), policy: policy)

        // 2. What is attached.
        let attachments = await ImageAttachments.discover(digest, in: store, limits: images.options.limits)
        var notes = attachments.notes
        var failures = attachments.failures
        var buildKit: [BuildKitAttestation] = []
        if let index, case .index(let list) = index.manifest {
            let found = await BuildKitAttestation.discover(
                in: list, at: index.descriptor.digest, about: digest, store: store)
            buildKit = found.attestations
            failures += found.failures
        } else if case .index(let list) = target.manifest, !BuildKitAttestation.manifests(in: list, about: nil).isEmpty
        {
            notes.append(
                Finding(
                    .imageAttestationPerPlatform, severity: .warning,
                    "the index carries BuildKit attestations of its platform manifests: verify one with --platform",
                    input: store.name))
        }

        // 3–4. Every attestation.
        var results: [ImageAttestationResult] = []
        for candidate in attachments.attestations {
            let judged = await images.judge(candidate, of: digest, in: store)
            results.append(judge(signed: judged, statements: statements))
        }
        for statement in buildKit {
            results.append(judge(unsigned: statement, statements: statements))
        }

        // 5. The image's content (`--skip-blob-check`, `--check-blobs`), as `verify image` checks it.
        let checksContent = images.options.checkContent && store.checksContent
        let contentFindings = checksContent ? await store.checkContent(of: target) : []
        let contentBroken = contentFindings.contains { $0.severity == .error }

        // The verdict.
        let verified = !contentBroken && results.contains { $0.satisfies }
        let verdict: ImageAttestationVerification.Verdict
        if contentBroken {
            verdict = .invalid
        } else if verified {
            verdict = .verified
        } else if !failures.isEmpty {
            verdict = .unknown
        } else if results.isEmpty {
            verdict = .none
        } else {
            verdict = .notVerified
        }
        var findings = notes + (verified ? failures.map(ImageVerifier.demoted) : failures)
        for result in results {
            switch result.status {
            case .verified, .unsignedAccepted: findings += result.findings
            case .notRequested: findings += verified ? result.findings.map(Self.informational) : result.findings
            case .failed: findings += verified ? result.findings.map(ImageVerifier.demoted) : result.findings
            }
        }
        findings += contentFindings
        findings += images.unsafeNotes(store)
        if !checksContent {
            findings.append(
                Finding(
                    .imageContentNotChecked, severity: store is RegistryImageStore ? .info : .warning,
                    "the image's blobs and child manifests were not checked", input: store.name))
        }
        let requested = policy.predicateType.description
        switch verdict {
        case .invalid:
            findings.append(
                Finding(
                    .imageVerdictInvalid, "the image's content contradicts its digests; no attestation counts",
                    input: store.name, details: ["digest": digest.description]))
        case .verified, .unknown:
            if verdict == .unknown {
                findings.append(
                    Finding(
                        .imageDiscoveryIncomplete,
                        "nothing verified, and the image's attestations could not all be read", input: store.name))
            }
        case .none:
            findings.append(
                Finding(
                    .imageAttestationNone, "the image has no attestations", input: store.name,
                    details: ["digest": digest.description, "type": requested]))
        case .notVerified:
            findings.append(
                Finding(
                    .imageAttestationNotVerified,
                    "\(results.count) attestation(s) found, none of type '\(requested)' verified",
                    input: store.name, details: ["digest": digest.description, "type": requested]))
        }
        return ImageAttestationVerification(
            target: store.name, digest: digest, index: index?.descriptor.digest,
            platform: index == nil ? nil : images.options.platform, requestedType: requested, verdict: verdict,
            attestations: results, allowUnsignedBuildKit: allowUnsignedBuildKit, contentChecked: checksContent,
            unsafe: images.options.unsafe.names, findings: findings)
    }

    /// The image's manifest contradicts its digest: nothing attached to it is judged.
    private func failedResolution(_ store: some ImageStore, _ findings: [Finding]) -> ImageAttestationVerification {
        let digest = findings.compactMap { $0.details["expected"] }.compactMap { try? Digest(parsing: $0) }.first
        return ImageAttestationVerification(
            target: store.name, digest: digest ?? Digest.of([UInt8](), using: .sha256), index: nil, platform: nil,
            requestedType: policy.predicateType.description, verdict: .invalid, attestations: [],
            allowUnsignedBuildKit: allowUnsignedBuildKit, contentChecked: images.options.checkContent,
            unsafe: images.options.unsafe.names,
            findings: findings + [
                Finding(
                    .imageVerdictInvalid,
                    "the image's manifest contradicts its digest; its attestations are not judged", input: store.name)
            ])
    }

    /// A `.att` layer or bundle referrer judged by the Sigstore verifier, then its statement.
    private func judge(signed judged: SignatureResult, statements: AttestationVerifier) -> ImageAttestationResult {
        let signer =
            judged.privateCertificate.map(ImageAttestationResult.describe(privateCertificate:))
            ?? ImageAttestationResult.describe(judged.verified?.signer)
        guard judged.status == .verified, let envelope = judged.envelope, let verified = judged.verified else {
            return ImageAttestationResult(
                origin: judged.origin, format: judged.format, status: .failed, predicateType: nil, signer: signer,
                checks: ImageAttestationResult.checks(judged.findings, reached: []), findings: judged.findings,
                attestation: nil, statement: nil)
        }
        let signerIDs: [Digest] =
            switch verified.signer {
            case .publicKey(let keyID): [keyID]
            case .certificate(let certificate): [certificate.fingerprint]
            }
        return statementResult(
            VerifiedDSSEEnvelope(verifiedElsewhere: envelope, signerKeyIDs: signerIDs), origin: judged.origin,
            format: judged.format, signer: signer, notes: judged.findings, statements: statements, signed: true)
    }

    /// A BuildKit statement: unsigned, so refused unless the policy accepts unsigned attestations.
    private func judge(unsigned attestation: BuildKitAttestation, statements: AttestationVerifier)
        -> ImageAttestationResult
    {
        let unsigned = Finding(
            .imageAttestationUnsigned, severity: allowUnsignedBuildKit ? .warning : .error,
            allowUnsignedBuildKit
                ? "UNSAFE: an unsigned BuildKit attestation accepted (--allow-unsigned-buildkit)"
                : "the BuildKit attestation is not signed; accept unsigned BuildKit attestations explicitly "
                    + "(--allow-unsigned-buildkit) or attach signed ones",
            at: attestation.location)
        let envelope = DSSEEnvelope(
            payloadType: DSSEEnvelope.inTotoPayloadType, payload: attestation.statement, signatures: [],
            location: attestation.location,
            memberLocations: ["payload": attestation.location])
        return statementResult(
            VerifiedDSSEEnvelope(verifiedElsewhere: envelope, signerKeyIDs: []), origin: attestation.origin,
            format: "BuildKit in-toto statement (unsigned)", signer: "unsigned", notes: [unsigned],
            statements: statements, signed: allowUnsignedBuildKit)
    }

    private func statementResult(
        _ envelope: VerifiedDSSEEnvelope, origin: String, format: String, signer: String?, notes: [Finding],
        statements: AttestationVerifier, signed: Bool
    ) -> ImageAttestationResult {
        let outcome = statements.verifyStatement(of: envelope)
        let predicateType = try? InTotoStatement.parse(
            envelope.payload, input: envelope.envelope.location.input, limits: images.options.limits
        ).predicateType
        let findings = notes + outcome.findings
        let requested = predicateType.map { policy.predicateType.matches($0) } ?? true
        let status: ImageAttestationResult.Status
        if !signed {
            status = .failed
        } else if !requested {
            status = .notRequested
        } else if outcome.isVerified {
            status = format.hasPrefix("BuildKit") ? .unsignedAccepted : .verified
        } else {
            status = .failed
        }
        var allFindings = findings
        if !requested, let predicateType {
            allFindings.append(
                Finding(
                    .imageAttestationNotRequested, severity: .info,
                    "an attestation of type '\(predicateType)', not the requested '\(policy.predicateType)'",
                    at: envelope.envelope.location))
        }
        let base: Set<String> = ["signature", "statement", "subject", "predicate type"]
        let reached = base.union(outcome.value?.provenance != nil ? ["provenance"] : [])
            .union(outcome.value?.sbom != nil ? ["sbom"] : [])
        return ImageAttestationResult(
            origin: origin, format: format, status: status, predicateType: predicateType, signer: signer,
            checks: ImageAttestationResult.checks(allFindings, reached: signed ? reached : reached.subtracting(["signature"])),
            findings: allFindings, attestation: outcome.value, statement: envelope.payload)
    }

    /// A finding about an attestation that did not decide the verdict, kept as information.
    static func informational(_ finding: Finding) -> Finding {
        var copy = finding
        copy.severity = .info
        return copy
    }
}
