import VouchCore
import VouchCrypto
import VouchJSON

/// An RFC 6962 inclusion proof with the checkpoint it was computed against:
///
/// ```
/// InclusionProof = { "logIndex": int64, "rootHash": bytes, "treeSize": int64, "hashes": [bytes],
///                    "checkpoint": { "envelope": string } }
/// ```
public struct InclusionProof: Sendable {
    /// The leaf index in the tree the proof is for (the shard-local index for Rekor v1).
    public let logIndex: Int64
    public let rootHash: [UInt8]
    public let treeSize: Int64
    /// Sibling hashes from the leaf up.
    public let hashes: [[UInt8]]
    /// The signed-note text, or `nil` when absent.
    public let checkpoint: String?
    public let cursor: JSONCursor

    static func parse(_ cursor: JSONCursor, limits: Limits) throws(FindingError) -> InclusionProof {
        let hashesCursor = try ProtoJSON.field(cursor, "hashes")
        var hashes: [[UInt8]] = []
        if let hashesCursor {
            let items = try hashesCursor.array()
            guard items.count <= limits.maxSigstoreProofHashes else {
                throw hashesCursor.error(
                    .sigstoreBundleLimitExceeded, "the inclusion proof has more hashes than any tree needs",
                    details: ["limit": String(limits.maxSigstoreProofHashes), "actual": String(items.count)])
            }
            for item in items {
                hashes.append(try ProtoJSON.bytes(item, code: .sigstoreBundleBase64Invalid))
            }
        }
        var checkpoint: String? = nil
        if let envelope = try ProtoJSON.field(cursor, "checkpoint") {
            checkpoint = try ProtoJSON.field(envelope, "envelope")?.string()
        }
        let indexCursor = try ProtoJSON.field(cursor, "logIndex")
        let sizeCursor = try ProtoJSON.field(cursor, "treeSize")
        let rootCursor = try ProtoJSON.field(cursor, "rootHash")
        return InclusionProof(
            logIndex: try indexCursor.map { c throws(FindingError) in
                try ProtoJSON.int64(c, code: .sigstoreTlogLogIndexInvalid)
            } ?? 0,
            rootHash: try rootCursor.map { c throws(FindingError) in
                try ProtoJSON.bytes(c, code: .sigstoreBundleBase64Invalid)
            } ?? [],
            treeSize: try sizeCursor.map { c throws(FindingError) in
                try ProtoJSON.int64(c, code: .sigstoreTlogInclusionProofInvalid)
            } ?? 0,
            hashes: hashes, checkpoint: checkpoint, cursor: cursor)
    }
}
