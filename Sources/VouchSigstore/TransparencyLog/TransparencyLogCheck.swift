import VouchCore
import VouchCrypto
import VouchJSON

/// Checks one transparency log entry (client spec §4.4, sigstore-go `VerifyTlogEntry`):
///
/// 1. The entry's log ID names a log of the trusted root whose key Vouch can use.
/// 2. The bundle version's rule: v0.1 entries carry an inclusion promise, v0.2+ entries (and every Rekor v2 entry)
///    an inclusion proof.
/// 3. Rekor v1: the inclusion promise verifies over the canonical entry, which makes the integrated time trusted;
///    the log key's `validFor` contains that time.
/// 4. The inclusion proof leads from the leaf hash of the canonicalized body to the root of a checkpoint the log
///    signed. Rekor v1 proofs carry their own index, size and root, which the checkpoint must repeat; Rekor v2
///    takes size and root from the verified checkpoint and the index from the entry.
/// 5. The body is an entry of the claimed kind and binds to the bundle (``EntryBindingCheck``).
///
/// The log is never contacted: an entry without the proof it needs fails.
enum TransparencyLogCheck {
    struct Result {
        var findings: [Finding] = []
        var checked: CheckedLogEntry?
        /// The integrated time, when a verified inclusion promise vouches for it.
        var integratedTime: VerifiedTime?
        /// The log, for checks that need a time from elsewhere (Rekor v2 key validity).
        var log: TransparencyLogInstance?
    }

    static func check(
        _ entry: TransparencyLogEntry, bundle: UnverifiedBundle, trustedRoot: TrustedRoot, signer: BundleSigner?,
        artifactDigests: [DigestAlgorithm: Digest], limits: Limits
    ) -> Result {
        var result = Result()
        // 1. The log.
        guard let log = trustedRoot.transparencyLog(id: entry.logID) else {
            result.findings.append(
                (entry.cursor.child("logId") ?? entry.cursor).finding(
                    .sigstoreTlogLogUnknown, "no transparency log in the trusted root has this log ID",
                    details: ["logID": Base64.encode(entry.logID)]))
            return result
        }
        result.log = log
        guard log.publicKey != nil else {
            result.findings.append(
                entry.cursor.finding(
                    .sigstoreTlogKeyUnsupported, "the log's key cannot be used: \(log.keyProblem ?? "unknown kind")",
                    details: ["log": log.baseURL, "keyDetails": log.keyDetails]))
            return result
        }

        // 2. Version rules.
        let rekorV2 = entry.isRekorV2
        if bundle.version == .v01, !rekorV2, entry.signedEntryTimestamp == nil {
            result.findings.append(
                entry.cursor.finding(
                    .sigstoreBundleInclusionPromiseMissing, "a v0.1 bundle's log entry needs an inclusion promise"))
        }
        if bundle.version >= .v02 || rekorV2, entry.inclusionProof == nil {
            result.findings.append(
                entry.cursor.finding(
                    .sigstoreBundleInclusionProofMissing,
                    rekorV2
                        ? "a Rekor v2 entry needs an inclusion proof; the log is never queried"
                        : "a v\(bundle.version.rawValue) bundle's log entry needs an inclusion proof"))
        }

        // 3. Inclusion promise (Rekor v1 only; Rekor v2 has none and its integrated time is ignored).
        if !rekorV2, let set = entry.signedEntryTimestamp {
            if let integratedTime = entry.integratedTime {
                let problems = InclusionPromiseCheck.check(
                    entry, signedEntryTimestamp: set, integratedTime: integratedTime, log: log)
                result.findings += problems
                let time = VerificationTime(secondsSinceEpoch: integratedTime)
                if !log.validFor.contains(time) {
                    result.findings.append(
                        (entry.cursor.child("integratedTime") ?? entry.cursor).finding(
                            .sigstoreTlogKeyNotValidAtTime, "the log's key was not valid at the integrated time",
                            details: log.validFor.details.merging(["time": time.rfc3339, "log": log.baseURL]) { a, _ in
                                a
                            }))
                } else if problems.isEmpty {
                    result.integratedTime = VerifiedTime(source: .integratedTime, time: time, authority: log.baseURL)
                }
            } else {
                result.findings.append(
                    entry.cursor.finding(
                        .sigstoreBundleMalformed, "an inclusion promise needs the entry's integrated time"))
            }
        }

        // 4. Inclusion proof and checkpoint.
        var proofSummary: (UInt64, UInt64, [UInt8], String)? = nil
        if let proof = entry.inclusionProof {
            let (summary, problems) = checkProof(proof, entry: entry, log: log, rekorV2: rekorV2, limits: limits)
            proofSummary = summary
            result.findings += problems
        }

        // 5. Kind and binding.
        if RekorEntryBody.isSupported(kind: entry.kind, version: entry.version) {
            do {
                let body = try RekorEntryBody.parse(
                    entry.canonicalizedBody, kind: entry.kind, version: entry.version,
                    at: entry.cursor.child("canonicalizedBody") ?? entry.cursor)
                result.findings += EntryBindingCheck.check(
                    body, entry: entry, content: bundle.content, signer: signer, artifactDigests: artifactDigests)
            } catch {
                result.findings += error.findings
            }
        } else {
            result.findings.append(
                (entry.cursor.child("kindVersion") ?? entry.cursor).finding(
                    .sigstoreTlogKindUnsupported,
                    "\(entry.kind) \(entry.version) entries cannot be bound to a bundle",
                    details: ["supported": "hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2, intoto 0.0.2"]))
        }

        if result.findings.isEmpty {
            result.checked = CheckedLogEntry(
                logIndex: entry.logIndex, logID: entry.logID, logURL: log.baseURL, kind: entry.kind,
                version: entry.version, rekorVersion: rekorV2 ? 2 : 1, integratedTime: result.integratedTime?.time,
                inclusionProof: proofSummary.map { (leafIndex: $0.0, treeSize: $0.1, rootHash: $0.2, origin: $0.3) })
        }
        return result
    }

    private static func checkProof(
        _ proof: InclusionProof, entry: TransparencyLogEntry, log: TransparencyLogInstance, rekorV2: Bool,
        limits: Limits
    ) -> ((UInt64, UInt64, [UInt8], String)?, [Finding]) {
        var findings: [Finding] = []
        let checkpointLocation = proof.cursor.child("checkpoint") ?? proof.cursor
        guard let note = proof.checkpoint else {
            return (nil, [proof.cursor.finding(.sigstoreCheckpointMissing, "the inclusion proof has no checkpoint")])
        }
        let (checkpoint, noteProblems) = CheckpointCheck.check(
            note, log: log, rekorV2: rekorV2, at: checkpointLocation, limits: limits)
        findings += noteProblems
        guard let checkpoint else { return (nil, findings) }

        let index: Int64
        let size: UInt64
        let root: [UInt8]
        if rekorV2 {
            index = entry.logIndex
            size = checkpoint.treeSize
            root = checkpoint.rootHash
        } else {
            index = proof.logIndex
            guard proof.treeSize > 0 else {
                return (
                    nil,
                    findings + [
                        (proof.cursor.child("treeSize") ?? proof.cursor).finding(
                            .sigstoreTlogInclusionProofInvalid, "the proof's tree size must be positive",
                            details: ["actual": String(proof.treeSize)])
                    ]
                )
            }
            size = UInt64(proof.treeSize)
            root = proof.rootHash
            if checkpoint.treeSize != size || checkpoint.rootHash != root {
                findings.append(
                    checkpointLocation.finding(
                        .sigstoreCheckpointRootMismatch, "the checkpoint is not the tree the inclusion proof is for",
                        details: [
                            "expectedTreeSize": String(size), "actualTreeSize": String(checkpoint.treeSize),
                            "expectedRootHash": Base64.encode(root),
                            "actualRootHash": Base64.encode(checkpoint.rootHash),
                        ]))
            }
        }
        guard index >= 0, UInt64(index) < size else {
            findings.append(
                (proof.cursor.child("logIndex") ?? proof.cursor).finding(
                    .sigstoreTlogLogIndexInvalid, "the leaf index is outside the tree",
                    details: ["index": String(index), "treeSize": String(size)]))
            return (nil, findings)
        }
        let leaf = MerkleTree.leafHash(entry.canonicalizedBody)
        switch MerkleTree.root(index: UInt64(index), size: size, leafHash: leaf, proof: proof.hashes) {
        case .failure(let shape):
            findings.append(
                (proof.cursor.child("hashes") ?? proof.cursor).finding(
                    .sigstoreTlogInclusionProofInvalid, "the inclusion proof has the wrong shape: \(shape)",
                    details: ["index": String(index), "treeSize": String(size)]))
        case .success(let computed) where computed != root:
            findings.append(
                (proof.cursor.child("hashes") ?? proof.cursor).finding(
                    .sigstoreTlogInclusionProofInvalid, "the inclusion proof does not lead to the tree's root",
                    details: [
                        "expectedRootHash": Base64.encode(root), "computedRootHash": Base64.encode(computed),
                        "index": String(index), "treeSize": String(size),
                    ]))
        case .success:
            break
        }
        return (findings.isEmpty ? (UInt64(index), size, root, checkpoint.origin) : nil, findings)
    }
}
