import VouchCore
import VouchCrypto
import VouchJSON

/// Verifies Sigstore bundles offline against a trusted root, following the Sigstore client specification (§4) and
/// sigstore-go's `SignedEntityVerifier`, and reporting every failure.
///
/// ```swift
/// let verifier = SigstoreVerifier(trustedRoot: try TrustedRoot.load(path: "trusted_root.json"))
/// let bundle = try UnverifiedBundle.load(path: "artifact.sigstore.json")
/// let identity = CertificateIdentity(subjectAlternativeName: .exact("me@example.com"),
///                                    issuer: .exact("https://accounts.google.com"))
/// switch try verifier.verify(bundle, artifact: .file(path: "artifact"), policy: .identity(identity)) {
/// case .verified(let result, _): print(result.logEntries)
/// case .failed(let findings): print(findings)
/// }
/// ```
/// The verifier never reaches the network and never reads the clock: every time a certificate is judged at comes
/// from a verified RFC 3161 timestamp or a verified Rekor v1 inclusion promise. It is a value; make one per trusted
/// root and share it freely (each authority's own chain is checked once per verifier, when a bundle first needs it).
public struct SigstoreVerifier: Sendable {
    public let trustedRoot: TrustedRoot
    public let limits: Limits
    /// The moment of verification, when known (`--time`, or the clock read at the edge). A log cannot have
    /// integrated an entry, nor a timestamp authority stamped a signature, after it: such a time is refused.
    public let now: VerificationTime?
    /// How far a vouched time may lie after ``now`` before it counts as in the future (clock skew).
    public static let allowedClockSkewSeconds: Int64 = 60
    let certificateAuthorities: [PreparedAuthority]
    let timestampAuthorities: [PreparedAuthority]

    public init(trustedRoot: TrustedRoot, limits: Limits = .default, now: VerificationTime? = nil) {
        self.trustedRoot = trustedRoot
        self.limits = limits
        self.now = now
        certificateAuthorities = trustedRoot.certificateAuthorities.map { PreparedAuthority($0, limits: limits) }
        timestampAuthorities = trustedRoot.timestampAuthorities.map { PreparedAuthority($0, limits: limits) }
    }

    /// Whether a vouched time lies after ``now`` by more than the allowed clock skew.
    func isInTheFuture(_ time: VerificationTime) -> Bool {
        guard let now else { return false }
        return time.secondsSinceEpoch > now.secondsSinceEpoch + Self.allowedClockSkewSeconds
    }

    /// Verifies `bundle` for `artifact` under `policy`.
    ///
    /// - Returns: the verified bundle with its evidence, or every failure, each with its JSON pointer.
    /// - Throws: only when the check cannot run at all (the artifact cannot be read).
    public func verify(
        _ bundle: UnverifiedBundle, artifact: Artifact, policy: VerificationPolicy
    ) throws(FindingError) -> Outcome<VerifiedBundle> {
        try verify(bundle, artifact: artifact, policy: policy, unsafe: .none)
    }

    /// Verifies `bundle` for `artifact` under `policy`, with the checks `unsafe` names switched off.
    ///
    /// - Parameter timestampedMessage: what the RFC 3161 timestamps cover when it is not the bundle's signature:
    ///   ``LegacyBundle/timestampedMessage`` (a cosign `.att` layer's timestamp covers the stored envelope).
    /// - Warning: with any switch of `unsafe` on, a `.verified` result lacks the guarantees those checks give;
    ///   callers must record ``UnsafeVerificationOptions/names`` with the result.
    public func verify(
        _ bundle: UnverifiedBundle, artifact: Artifact, policy: VerificationPolicy, unsafe: UnsafeVerificationOptions,
        timestampedMessage: [UInt8]? = nil
    ) throws(FindingError) -> Outcome<VerifiedBundle> {
        var findings: [Finding] = []
        let materialLocation = bundle.materialCursor

        // Step 1. The bundle's shape under its version's rules, and the signer it names.
        switch bundle.verificationMaterial {
        case .certificateChain(let chain):
            if bundle.version >= .v03 {
                findings.append(
                    materialLocation.finding(
                        .sigstoreBundleChainForbidden, "a v0.3 bundle must carry a single certificate, not a chain"))
            }
            for (index, certificate) in chain.enumerated() where certificate.isSelfIssued {
                let location = (try? materialLocation.required("certificates").array()[index]) ?? materialLocation
                findings.append(
                    location.finding(
                        .sigstoreBundleChainIncludesRoot,
                        "the certificate chain includes a self-issued root; trust comes from the trusted root only",
                        details: ["subject": certificate.subject]))
            }
        case .certificate, .publicKey:
            break
        }
        let signer: BundleSigner
        switch (bundle.verificationMaterial.leaf, policy) {
        case (let leaf?, .identity):
            do {
                signer = BundleSigner(certificate: leaf, key: try leaf.publicKey)
            } catch {
                return .failed(
                    findings + error.findings.map { Finding($0.code, $0.message, at: materialLocation.location) })
            }
        case (nil, .publicKey(let key)):
            signer = BundleSigner(certificate: nil, key: key)
        case (.some, .publicKey):
            return .failed(
                findings + [
                    materialLocation.finding(
                        .sigstorePolicyMaterialMismatch,
                        "a key was given but the bundle is signed with a certificate; verify it by identity")
                ])
        case (nil, .identity):
            return .failed(
                findings + [
                    materialLocation.finding(
                        .sigstorePolicyMaterialMismatch,
                        "an identity was given but the bundle is signed with a managed key; verify it with --key")
                ])
        }
        let digests = try artifact.digests()

        // Step 2. RFC 3161 timestamps over the signature: each verified genTime is a trusted time.
        let timestamps = TimestampCheck.check(
            bundle.timestamps, message: timestampedMessage ?? bundle.content.signature,
            authorities: timestampAuthorities, limits: limits)
        findings += timestamps.findings

        // Step 3. Transparency log entries: promise, proof and checkpoint, binding to this bundle.
        var entries: [CheckedLogEntry] = []
        var integratedTimes: [VerifiedTime] = []
        // Unsafe: with the log ignored, its entries are neither required nor read.
        let logEntries = unsafe.ignoreTransparencyLog ? [] : bundle.tlogEntries
        if logEntries.isEmpty && !unsafe.ignoreTransparencyLog {
            findings.append(
                (bundle.root.child("verificationMaterial") ?? bundle.root).finding(
                    .sigstoreBundleTlogEntryMissing, "the bundle has no transparency log entry"))
        }
        for entry in logEntries {
            let result = TransparencyLogCheck.check(
                entry, bundle: bundle, trustedRoot: trustedRoot, signer: signer, artifactDigests: digests,
                limits: limits)
            findings += result.findings
            if let checked = result.checked { entries.append(checked) }
            if let time = result.integratedTime {
                integratedTimes.append(time)
                if let now, isInTheFuture(time.time) {
                    findings.append(
                        (entry.cursor.child("integratedTime") ?? entry.cursor).finding(
                            .sigstoreTlogIntegratedTimeInFuture,
                            "the log says it integrated the entry after the moment of verification",
                            details: ["integratedTime": time.time.rfc3339, "now": now.rfc3339]))
                }
            }
            if entry.isRekorV2, let log = result.log {
                // Rekor v2 entries carry no time of their own: an RFC 3161 timestamp must supply it.
                if timestamps.times.isEmpty {
                    findings.append(
                        entry.cursor.finding(
                            .sigstoreTimestampRequired,
                            "a Rekor v2 entry needs a verified RFC 3161 timestamp, and the bundle has none"))
                }
                for time in timestamps.times where !log.validFor.contains(time.time) {
                    findings.append(
                        entry.cursor.finding(
                            .sigstoreTlogKeyNotValidAtTime, "the log's key was not valid at the timestamp's time",
                            details: log.validFor.details.merging(["time": time.time.rfc3339, "log": log.baseURL]) {
                                a, _ in a
                            }))
                }
            }
        }
        if let now {
            for stamped in timestamps.times where isInTheFuture(stamped.time) {
                findings.append(
                    (bundle.root.child("verificationMaterial")?.child("timestampVerificationData") ?? bundle.root)
                        .finding(
                            .sigstoreTimestampInFuture,
                            "an RFC 3161 timestamp's genTime lies after the moment of verification",
                            details: ["genTime": stamped.time.rfc3339, "now": now.rfc3339, "authority": stamped.authority]))
            }
        }
        let times = timestamps.times + integratedTimes
        // Unsafe: without the log and without a timestamp, the certificate is judged at a time nobody vouches for.
        // It is never reported as a verified time.
        var judgedTimes = times
        if times.isEmpty, unsafe.ignoreTransparencyLog, let time = unsafe.certificateTimeWithoutEvidence {
            judgedTimes = [
                VerifiedTime(
                    source: .timestamp, time: time, authority: UnsafeVerificationOptions.unvouchedTimeAuthority)
            ]
        }

        // Step 4. The certificate: chained to a trusted CA at every verified time, its SCTs, and the identity.
        var checkedCertificate: CheckedCertificate? = nil
        var scts: [CheckedSCT] = []
        if let leaf = signer.certificate {
            if judgedTimes.isEmpty {
                findings.append(
                    materialLocation.finding(
                        .sigstoreTimeMissing,
                        "no verified time to judge the certificate at: no valid RFC 3161 timestamp or inclusion promise"
                    ))
            }
            let chain = CertificateChainCheck.check(
                leaf, at: judgedTimes, authorities: certificateAuthorities, location: materialLocation, limits: limits)
            findings += chain.findings.map { finding in
                guard finding.details["vouchedBy"] == UnsafeVerificationOptions.unvouchedTimeAuthority else {
                    return finding
                }
                return finding.with(detail: "source", "verification-time")
            }
            if !unsafe.ignoreSCT, let issuer = chain.issuer {
                let sct = SCTCheck.check(leaf, issuer: issuer, trustedRoot: trustedRoot, location: materialLocation)
                findings += sct.findings
                scts = sct.checked
            }
            if case .identity(let identity) = policy {
                findings += IdentityCheck.check(leaf, identity: identity, location: materialLocation)
            }
            if let authority = chain.authority {
                checkedCertificate = CheckedCertificate(
                    subjectAlternativeNames: leaf.subjectAlternativeNames, issuer: IdentityCheck.issuer(of: leaf),
                    serialNumber: leaf.serialNumber, notBefore: leaf.notBefore, notAfter: leaf.notAfter,
                    fingerprint: leaf.fingerprint(.sha256), certificateAuthority: authority.name,
                    checkedAt: judgedTimes.map(\.time))
            }
        }

        // Step 5. The signature over the artifact (message) or the PAE (DSSE), and the artifact as a subject.
        let signature = try SignatureCheck.check(
            bundle.content, key: signer.key, artifact: artifact, digests: digests, limits: limits)
        findings += signature.findings

        // Step 6. The result, with the evidence of every check that passed.
        let resultSigner: VerifiedBundle.Signer =
            checkedCertificate.map { .certificate($0) } ?? .publicKey(keyID: signer.key.keyID)
        let contentKind: String
        switch bundle.content {
        case .messageSignature: contentKind = "messageSignature"
        case .dsseEnvelope: contentKind = "dsseEnvelope"
        }
        let matched = signature.matchedDigest ?? digests[.sha256] ?? digests.values.sorted()[0]
        return .judge(
            VerifiedBundle(
                mediaType: bundle.mediaType, version: bundle.version, contentKind: contentKind,
                artifact: artifact.name, artifactDigest: matched, signer: resultSigner, logEntries: entries,
                timestamps: timestamps.checked, signedCertificateTimestamps: scts, verifiedTimes: times,
                statement: signature.statement, trustedRootDigest: trustedRoot.fileDigest),
            findings: findings)
    }
}
