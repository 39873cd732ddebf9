import Foundation
import VouchCore
import VouchCrypto
import VouchOCI
import VouchSigstore

/// Verifies the cosign signatures of an image, from a registry, an image layout or a `dir:` image, through one
/// path for every era: legacy `.sig` layers are converted into Sigstore bundles and judged by the same
/// ``SigstoreVerifier`` as cosign v3 bundles.
///
/// 1. Resolve the image (checked against its digest); with a platform, choose that manifest of an index.
/// 2. Find what is attached to it (``ImageAttachments``): `.sig`/`.att` images, referrers, `cosign save`
///    entries, `dir:` signature files.
/// 3. Judge every signature (``SignatureJudge``), several at a time.
/// 4. Check the digest and size of every blob and child manifest (unless switched off).
/// 5. When nothing is signed, say where signatures are (the index, other platforms, the children).
/// 6. The verdict: verified when one signature verified and the content is intact; otherwise unsigned, no-match,
///    invalid, or unknown when the attachments could not all be listed.
///
/// ```swift
/// let verifier = ImageVerifier(policy: .keys([key]), options: ImageVerificationOptions(time: now))
/// let result = try await verifier.verify(try LayoutImageStore(LayoutReference(parsing: "oci:build/image")))
/// print(result.verdict, result.signatures.map(\.summary))
/// ```
public struct ImageVerifier: Sendable {
    public let policy: ImageSignaturePolicy
    public let options: ImageVerificationOptions
    let sigstore: SigstoreVerifier

    /// - Parameter trustedRoot: the Sigstore trusted root; key policies may go without one (signatures with log
    ///   entries then need `--insecure-ignore-tlog`), identity policies need one.
    public init(policy: ImageSignaturePolicy, trustedRoot: TrustedRoot? = nil, options: ImageVerificationOptions) {
        self.policy = policy
        self.options = options
        let root =
            trustedRoot
            ?? TrustedRoot(transparencyLogs: [], certificateAuthorities: [], ctLogs: [], timestampAuthorities: [])
        self.sigstore = SigstoreVerifier(trustedRoot: root, limits: options.limits, now: options.time)
    }

    /// The trusted root signatures are verified against.
    public var trustedRoot: TrustedRoot { sigstore.trustedRoot }

    /// Codes of resolution failures that are defects of the content (verdict `invalid`) rather than failures to
    /// look (thrown).
    static let contentDefects: Set<FindingCode> = [
        .ociManifestDigestMismatch, .ociManifestSizeMismatch, .ociBlobDigestMismatch, .ociBlobSizeMismatch,
        .ociRegistryDigestHeaderMismatch, .ociDescriptorDataMismatch, .ociDescriptorPathEscape,
        .ociLayoutSymlinkEscape, .ociMediaTypeMismatch, .ociDescriptorEmptyInvalid,
    ]

    /// Verifies the image `store` names.
    ///
    /// - Throws: only when the image cannot be looked at (unreadable layout, unknown tag, network failure, platform
    ///   not in the index); content that contradicts its digest is a verdict, not an error.
    public func verify(_ store: some ImageStore) async throws(FindingError) -> ImageVerification {
        // 1. The image.
        let target: CheckedManifest
        let index: CheckedManifest?
        do {
            (target, index) = try await resolveTarget(store)
        } catch {
            guard error.findings.contains(where: { Self.contentDefects.contains($0.code) }) else { throw error }
            return failedResolution(store, error.findings)
        }
        let digest = target.descriptor.digest

        // 2. What is attached.
        let attachments = await ImageAttachments.discover(digest, in: store, limits: options.limits)

        // 3. Every signature.
        let judge = SignatureJudge(verifier: sigstore, policy: policy, options: options, imageDigest: digest)
        let results = await Self.judgeAll(attachments.signatures, judge: judge, store: store)

        // 4. The content.
        var contentFindings: [Finding] = []
        let checksContent = options.checkContent && store.checksContent
        if checksContent { contentFindings = await store.checkContent(of: target) }

        // 5. Where signatures are, when this manifest has none.
        var notes = attachments.notes
        if attachments.signatures.isEmpty {
            notes += await whereSignaturesAre(target: target, index: index, store: store)
        }

        // 6. The verdict.
        let verified = results.contains { $0.status == .verified }
        let contentBroken = contentFindings.contains { $0.severity == .error }
        let verdict: ImageVerdict
        if contentBroken {
            verdict = .invalid
        } else if verified {
            verdict = .verified
        } else if !attachments.isComplete {
            verdict = .unknown
        } else if results.isEmpty {
            verdict = .unsigned
        } else if results.contains(where: { $0.status == .invalid }) {
            verdict = .invalid
        } else {
            verdict = .noMatch
        }
        var findings = notes + (verified ? attachments.failures.map(Self.demoted) : attachments.failures)
        for result in results where result.status != .verified {
            findings += verified ? result.findings.map(Self.demoted) : result.findings
        }
        findings += results.filter { $0.status == .verified }.flatMap(\.findings)
        findings += contentFindings
        if !checksContent {
            findings.append(
                Finding(
                    .imageContentNotChecked, severity: store is RegistryImageStore ? .info : .warning,
                    "the image's blobs and child manifests were not checked", input: store.name))
        }
        if !attachments.attestations.isEmpty {
            findings.append(
                Finding(
                    .imageAttestationFound, severity: .info,
                    "\(attachments.attestations.count) attestation(s) attached; verify image does not judge them",
                    input: store.input(for: digest)))
        }
        findings += unsafeNotes(store)
        if let code = verdict.code {
            let message =
                contentBroken
                ? "the image's content contradicts its digests" : Self.message(verdict, count: results.count)
            findings.append(Finding(code, message, input: store.name, details: ["digest": digest.description]))
        }
        return ImageVerification(
            target: store.name, digest: digest, mediaType: target.descriptor.mediaType,
            index: index?.descriptor.digest, platform: index == nil ? nil : options.platform, verdict: verdict,
            signatures: results, attestations: attachments.attestations, others: attachments.others,
            contentChecked: checksContent, unsafe: options.unsafe.names, findings: findings)
    }

    /// Judges one signature or attestation attached to the manifest `digest`, found by ``ImageAttachments``: the
    /// same reading, conversion and Sigstore verification `verify` applies (attestations get no payload checks;
    /// their statement's subject must be `digest`).
    public func judge(
        _ candidate: AttachedSignature, of digest: Digest, in store: some ImageStore
    ) async
        -> SignatureResult
    {
        await SignatureJudge(verifier: sigstore, policy: policy, options: options, imageDigest: digest)
            .judge(candidate, store: store)
    }

    /// Signatures judged several at a time, results in the order found.
    static func judgeAll(
        _ candidates: [AttachedSignature], judge: SignatureJudge, store: some ImageStore
    ) async -> [SignatureResult] {
        guard candidates.count > 1 else {
            return await candidates.asyncMap { await judge.judge($0, store: store) }
        }
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var results = [SignatureResult?](repeating: nil, count: candidates.count)
        await withTaskGroup(of: (Int, SignatureResult).self) { group in
            var next = 0
            func submit() {
                let index = next
                let candidate = candidates[index]
                next += 1
                group.addTask { (index, await judge.judge(candidate, store: store)) }
            }
            while next < min(width, candidates.count) { submit() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < candidates.count { submit() }
            }
        }
        return results.compactMap { $0 }
    }

    /// Where signatures are when the judged manifest has none: on its index or other platforms (with
    /// `--platform`), or on the platform manifests of an index.
    func whereSignaturesAre(
        target: CheckedManifest, index: CheckedManifest?, store: some ImageStore
    ) async
        -> [Finding]
    {
        var findings: [Finding] = []
        if let index, case .index(let list) = index.manifest {
            if await !ImageAttachments.discover(index.descriptor.digest, in: store, limits: options.limits)
                .signatures.isEmpty
            {
                findings.append(
                    Finding(
                        .imageSignatureOnlyOnIndex, severity: .warning,
                        "this platform's manifest is not signed, but its index is: verify the index (without "
                            + "--platform)", input: store.name, details: ["index": index.descriptor.digest.description])
                )
            }
            let signed = await signedPlatforms(
                list.manifests.filter { $0.digest != target.descriptor.digest }, store: store)
            if !signed.isEmpty {
                findings.append(
                    Finding(
                        .imageSignatureOnlyOnOtherPlatforms, severity: .warning,
                        "this platform's manifest is not signed, but other platforms of its index are",
                        input: store.name, details: ["platforms": signed.joined(separator: ", ")]))
            }
        } else if case .index(let list) = target.manifest {
            let signed = await signedPlatforms(list.manifests, store: store)
            if !signed.isEmpty {
                findings.append(
                    Finding(
                        .imageSignatureOnlyOnChildren, severity: .warning,
                        "the index is not signed, but some of its platform manifests are: verify one with --platform",
                        input: store.name, details: ["platforms": signed.joined(separator: ", ")]))
            }
        }
        return findings
    }

    private func signedPlatforms(_ children: [Descriptor], store: some ImageStore) async -> [String] {
        var signed: [String] = []
        for child in children where MediaType.kind(of: child.mediaType) != nil {
            let found = await ImageAttachments.discover(child.digest, in: store, limits: options.limits)
            if !found.signatures.isEmpty { signed.append(child.platform?.description ?? child.digest.description) }
        }
        return signed
    }

    /// The manifest to verify and, when `--platform` chose it from an index, that index.
    func resolveTarget(
        _ store: some ImageStore
    ) async throws(FindingError) -> (target: CheckedManifest, index: CheckedManifest?) {
        let resolved = try await store.resolve()
        guard let platform = options.platform, case .index(let list) = resolved.manifest else { return (resolved, nil) }
        let chosen = try list.manifest(for: platform, input: store.name)
        let target = try await store.manifest(
            chosen.descriptor,
            at: SourceLocation(
                input: store.input(for: resolved.descriptor.digest), pointer: .root / "manifests" / chosen.index))
        return (target, resolved)
    }

    /// The warnings that name each unsafe switch in force; every verdict under one carries them.
    func unsafeNotes(_ store: some ImageStore) -> [Finding] {
        var findings: [Finding] = []
        if options.unsafe.ignoreTransparencyLog {
            findings.append(
                Finding(
                    .imageUnsafeTransparencyLogIgnored, severity: .warning,
                    "UNSAFE: transparency log entries were neither required nor checked (--insecure-ignore-tlog); "
                        + "certificates without a timestamp were judged at the verification time",
                    input: store.name, details: ["time": options.time.rfc3339]))
        }
        if options.unsafe.ignoreSCT {
            findings.append(
                Finding(
                    .imageUnsafeSCTIgnored, severity: .warning,
                    "UNSAFE: certificate transparency (SCTs) was neither required nor checked (--insecure-ignore-sct)",
                    input: store.name))
        }
        return findings
    }

    private func failedResolution(_ store: some ImageStore, _ findings: [Finding]) -> ImageVerification {
        let digest = findings.compactMap { $0.details["expected"] }.compactMap { try? Digest(parsing: $0) }.first
        return ImageVerification(
            target: store.name, digest: digest ?? Digest.of([UInt8](), using: .sha256), mediaType: "",
            index: nil, platform: nil, verdict: .invalid, signatures: [], attestations: [], others: [],
            contentChecked: options.checkContent, unsafe: options.unsafe.names,
            findings: findings + [
                Finding(
                    .imageVerdictInvalid, "the image's manifest contradicts its digest; its signatures are not judged",
                    input: store.name)
            ])
    }

    /// A failure that did not decide the verdict (another signature verified) is kept as a warning.
    static func demoted(_ finding: Finding) -> Finding {
        guard finding.severity == .error else { return finding }
        var copy = finding
        copy.severity = .warning
        return copy
    }

    static func message(_ verdict: ImageVerdict, count: Int) -> String {
        switch verdict {
        case .verified: "verified"
        case .unsigned: "the image has no cosign signature"
        case .noMatch: "\(count) signature(s) found, none by the required signer, reference or annotations"
        case .invalid: "no signature verified, and the image or a signature is broken"
        case .unknown: "nothing verified, and the image's attachments could not all be listed: unsigned is not known"
        }
    }
}

extension Array where Element: Sendable {
    /// `map` with an async transform, in order, one at a time.
    func asyncMap<T: Sendable>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(await transform(element)) }
        return results
    }
}
