import VouchCore
import VouchCrypto
import VouchJSON

/// Checks an inclusion proof's checkpoint against the log's key (C2SP signed-note rules):
///
/// 1. The note parses as a checkpoint (origin, tree size, root hash).
/// 2. For Rekor v2 the origin is the log's name.
/// 3. A signature line counts as the log's when both its key name and its key ID are the log's; all others
///    (witness cosignatures, other keys of the same origin) are ignored, wherever they are in the note.
/// 4. At least one line is the log's, and every line that is the log's verifies.
enum CheckpointCheck {
    static func check(
        _ note: String, log: TransparencyLogInstance, rekorV2: Bool, at location: JSONCursor, limits: Limits
    ) -> (Checkpoint?, [Finding]) {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.parse(note, maxSignatures: limits.maxSigstoreCheckpointSignatures)
        } catch {
            return (
                nil, [location.finding(.sigstoreCheckpointMalformed, "the checkpoint is malformed: \(error.reason)")]
            )
        }
        var findings: [Finding] = []
        let name = log.keyName
        if rekorV2, checkpoint.origin != name {
            findings.append(
                location.finding(
                    .sigstoreCheckpointOriginMismatch, "the checkpoint's origin is not the log's name",
                    details: ["expected": name, "actual": checkpoint.origin]))
        }
        guard let key = log.publicKey, let hint = log.checkpointKeyHint, let algorithm = log.signatureAlgorithm else {
            return (nil, findings)
        }
        let own = checkpoint.signatures.filter { $0.keyID == hint && $0.name == name }
        guard !own.isEmpty else {
            findings.append(
                location.finding(
                    .sigstoreCheckpointSignatureMissing, "no signature line of the checkpoint is from the log's key",
                    details: [
                        "keyName": name, "keyID": Hex.encode(hint),
                        "found": checkpoint.signatures.map { "\($0.name) \(Hex.encode($0.keyID))" }.joined(
                            separator: ", "),
                    ]))
            return (nil, findings)
        }
        for line in own
        where (try? key.isValidSignature(line.signature, for: checkpoint.text, using: algorithm)) != true {
            findings.append(
                location.finding(
                    .sigstoreCheckpointSignatureInvalid, "the log's signature on the checkpoint does not verify",
                    details: ["keyName": name, "keyID": Hex.encode(hint)]))
        }
        return (findings.isEmpty ? checkpoint : nil, findings)
    }
}
