import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// Judges one attached signature: reads it, lets ``SigstoreVerifier`` verify it (a legacy layer converted into the
/// bundle it would have been), then checks what the signed payload says about the image.
///
/// 1. Read: payload blob against its descriptor, annotations decoded (`image.signature.*`).
/// 2. Shape: the signature bytes fit a key of the policy (`image.signature.malformed`).
/// 3. Sigstore: timestamps, log entry, certificate and identity, signature — once per key of a key policy; when no
///    key verifies the signature, `image.signature.key-mismatch` replaces the per-key signature failures.
/// 4. Payload (image signatures): simple-signing type and digest, `--docker-reference`, `-a` annotations; for a v3
///    bundle the statement's subject is the image (checked by the verifier) and carries the annotations.
struct SignatureJudge: Sendable {
    let verifier: SigstoreVerifier
    let policy: ImageSignaturePolicy
    let options: ImageVerificationOptions
    let imageDigest: Digest

    func judge(_ candidate: AttachedSignature, store: some ImageStore) async -> SignatureResult {
        var evidence: SignatureEvidence
        switch await SignatureEvidence.read(candidate, from: store, limits: options.limits) {
        case .success(let read): evidence = read
        case .failure(let error): return result(candidate, format: "unreadable", findings: error.findings)
        }
        var findings: [Finding] = []
        let leaf = evidence.bundle.verificationMaterial.leaf
        // A private PKI's certificate is judged here; the signature is then checked with its key, as a key
        // signature.
        if case .certificateAuthority = policy, leaf != nil, let legacy = evidence.legacy {
            do {
                evidence = try evidence.asKeySignature(legacy)
            } catch {
                return result(candidate, format: evidence.format, findings: error.findings)
            }
        }
        // 2. The shape of the signature, for the keys it can be checked with.
        let shapeKeys: [PublicKey]
        switch policy {
        case .keys(let keys): shapeKeys = keys
        case .identity, .certificateAuthority: shapeKeys = leaf.flatMap { try? $0.publicKey }.map { [$0] } ?? []
        }
        let signatureLocation =
            evidence.legacy.map { $0.signature.sources.signature } ?? SourceLocation(input: evidence.bundle.input)
        let malformed = SignatureEncodingCheck.check(
            evidence.bundle.content.signature, keys: shapeKeys, at: signatureLocation)
        findings += malformed

        // 3. Sigstore, with the chain annotation's intermediates where they reach the trusted root.
        var verifier = self.verifier
        if let leaf = evidence.bundle.verificationMaterial.leaf, !evidence.chain.isEmpty,
            let extended = verifier.trustedRoot.extended(withIntermediates: evidence.chain, for: leaf)
        {
            verifier = SigstoreVerifier(trustedRoot: extended, limits: options.limits, now: options.time)
        }
        let artifact: Artifact =
            evidence.payload.map { .bytes($0.bytes, name: $0.location.input) } ?? .digest(imageDigest)
        var unsafe = options.unsafe
        if unsafe.ignoreTransparencyLog { unsafe.certificateTimeWithoutEvidence = options.time }
        let sigstore = Self.runPolicies(
            policy.verificationPolicies(signingCertificate: leaf), bundle: evidence.bundle, artifact: artifact,
            verifier: verifier, unsafe: unsafe, timestampedMessage: evidence.legacy?.timestampedMessage)
        var sigstoreFindings = sigstore.findings
        if !malformed.isEmpty { sigstoreFindings.removeAll { $0.code == .sigstoreSignatureInvalid } }
        findings += evidence.legacy?.relocate(sigstoreFindings) ?? sigstoreFindings
        if case .certificateAuthority(let authority) = policy, let leaf {
            let times = sigstore.verified?.verifiedTimes.map(\.time) ?? []
            findings += PrivateCertificateCheck.check(
                leaf, chain: evidence.chain, policy: authority, at: times.isEmpty ? [options.time] : times,
                location: evidence.legacy?.signature.sources.certificate ?? candidate.location, limits: options.limits)
        }

        // 4. What the payload says about the image.
        var signedReference: String? = nil
        var signedAnnotations: [String: String] = [:]
        if candidate.kind == .imageSignature {
            if let payload = evidence.payload {
                do {
                    let parsed = try SimpleSigningPayload.parse(payload.bytes, at: payload.location)
                    signedReference = parsed.dockerReference
                    signedAnnotations = parsed.optional
                    findings += PayloadTypeCheck.check(parsed)
                    findings += PayloadDigestCheck.check(parsed, imageDigest: imageDigest)
                    findings += DockerReferenceCheck.check(
                        parsed.dockerReference, requirement: options.dockerReference,
                        at: SourceLocation(
                            input: payload.location.input, pointer: ["critical", "identity", "docker-reference"]))
                    findings += AnnotationCheck.check(
                        parsed.optional, required: options.annotations,
                        at: SourceLocation(input: payload.location.input, pointer: ["optional"]))
                } catch {
                    findings += error.findings
                }
            } else if case .dsseEnvelope(let envelope) = evidence.bundle.content {
                let subject = Self.subject(of: envelope, matching: imageDigest, limits: options.limits)
                signedReference = subject?.name
                signedAnnotations = subject?.annotations ?? [:]
                let location = envelope.location(of: "payload")
                findings += DockerReferenceCheck.check(
                    subject?.name, requirement: options.dockerReference, at: location)
                findings += AnnotationCheck.check(signedAnnotations, required: options.annotations, at: location)
            }
        }
        var judged = SignatureResult(
            kind: candidate.kind, origin: candidate.origin, location: candidate.location, format: evidence.format,
            status: SignatureResult.status(of: findings), findings: findings, verified: sigstore.verified,
            matchedKey: sigstore.key, signedReference: signedReference, signedAnnotations: signedAnnotations)
        if case .certificateAuthority = policy { judged.privateCertificate = leaf }
        if candidate.kind == .attestation, case .dsseEnvelope(let envelope) = evidence.bundle.content {
            judged.envelope = envelope
        }
        return judged
    }

    private func result(_ candidate: AttachedSignature, format: String, findings: [Finding]) -> SignatureResult {
        SignatureResult(
            kind: candidate.kind, origin: candidate.origin, location: candidate.location, format: format,
            status: SignatureResult.status(of: findings), findings: findings, verified: nil, matchedKey: nil,
            signedReference: nil, signedAnnotations: [:])
    }

    // MARK: Sigstore, once per key

    struct PolicyRuns {
        var findings: [Finding]
        var verified: VerifiedBundle?
        var key: PublicKey?
    }

    /// Verifies under each policy until one passes. When none does and no key verifies the signature itself, the
    /// signature was made by another key: one `image.signature.key-mismatch` stands for the per-key failures.
    static func runPolicies(
        _ policies: [VerificationPolicy], bundle: UnverifiedBundle, artifact: Artifact, verifier: SigstoreVerifier,
        unsafe: UnsafeVerificationOptions, timestampedMessage: [UInt8]? = nil
    ) -> PolicyRuns {
        var runs: [(VerificationPolicy, [Finding])] = []
        for policy in policies {
            let outcome: Outcome<VerifiedBundle>
            do {
                outcome = try verifier.verify(
                    bundle, artifact: artifact, policy: policy, unsafe: unsafe, timestampedMessage: timestampedMessage)
            } catch {
                return PolicyRuns(findings: error.findings)
            }
            if case .verified(let verified, let notes) = outcome {
                if case .publicKey(let key) = policy {
                    return PolicyRuns(findings: notes, verified: verified, key: key)
                }
                return PolicyRuns(findings: notes, verified: verified)
            }
            runs.append((policy, outcome.findings))
        }
        guard case .publicKey = runs.first?.0 else { return PolicyRuns(findings: runs.first?.1 ?? []) }
        // A key whose signature check passed made the signature; its other failures are the signature's defects.
        if let fitting = runs.first(where: { !$0.1.contains { $0.code == .sigstoreSignatureInvalid } }) {
            return PolicyRuns(findings: fitting.1)
        }
        if runs[0].1.contains(where: { $0.code == .sigstorePolicyMaterialMismatch }) {
            return PolicyRuns(findings: runs[0].1)
        }
        let keyDependent = runs[0].1.filter {
            $0.code == .sigstoreSignatureInvalid
                || ($0.code == .sigstoreTlogEntryMismatch && $0.details["expected"]?.hasPrefix("key ") == true)
        }
        let rest = runs[0].1.filter { finding in !keyDependent.contains(finding) }
        let keys = runs.compactMap { run -> String? in
            if case .publicKey(let key) = run.0 { return key.keyID.description }
            return nil
        }
        var details = ["keys": keys.joined(separator: ", ")]
        if let recorded = keyDependent.first(where: { $0.details["recorded"] != nil })?.details["recorded"] {
            details["logged"] = recorded
        }
        let location =
            (keyDependent.first { $0.code == .sigstoreSignatureInvalid } ?? keyDependent.first)?.location
            ?? SourceLocation(input: bundle.input)
        return PolicyRuns(
            findings: [
                Finding(
                    .imageSignatureKeyMismatch, "none of the given keys verifies the signature", at: location,
                    details: details)
            ] + rest)
    }

    // MARK: v3 statements

    /// The statement subject naming the image, with its name and annotations (unverified bytes are only read
    /// after the verifier has checked the envelope, whose payload these are).
    static func subject(
        of envelope: DSSEEnvelope, matching digest: Digest, limits: Limits
    )
        -> (name: String, annotations: [String: String])?
    {
        guard let statement = try? InTotoStatement.parse(envelope.payload, input: "statement", limits: limits),
            let subject = statement.subjects(matching: [digest]).first
        else { return nil }
        var annotations: [String: String] = [:]
        if let cursor = try? statement.document.cursor(at: subject.pointer),
            let object = try? cursor.optional("annotations", nullIsAbsent: true)?.members()
        {
            for member in object {
                if let text = try? member.value.string() {
                    annotations[member.key] = text
                } else {
                    annotations[member.key] = JCS.canonicalString(member.value.node)
                }
            }
        }
        return (subject.name, annotations)
    }
}
