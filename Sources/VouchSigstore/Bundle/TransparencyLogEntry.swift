import VouchCore
import VouchCrypto
import VouchJSON

/// One transparency log entry of a bundle (protobuf-specs `TransparencyLogEntry`):
///
/// ```
/// TransparencyLogEntry = { "logIndex": int64, "logId": { "keyId": bytes },
///                          "kindVersion": { "kind": string, "version": string },
///                          "integratedTime": int64,                  ; Rekor v1 only; 0 or absent in Rekor v2
///                          "inclusionPromise": { "signedEntryTimestamp": bytes }?,
///                          "inclusionProof": InclusionProof?, "canonicalizedBody": bytes }
/// ```
/// Nothing here is trusted yet: the log ID picks a key from the trusted root, the promise and the proof are checked
/// against it, and the body is bound to the bundle's content.
public struct TransparencyLogEntry: Sendable {
    /// The global log index (Rekor v1) or the index in the log shard (Rekor v2).
    public let logIndex: Int64
    public let logID: [UInt8]
    public let kind: String
    public let version: String
    /// Seconds since the epoch, as the entry claims; `nil` when absent or 0.
    public let integratedTime: Int64?
    /// The signed entry timestamp, when the entry carries an inclusion promise.
    public let signedEntryTimestamp: [UInt8]?
    public let inclusionProof: InclusionProof?
    /// The exact bytes the log hashed as the leaf.
    public let canonicalizedBody: [UInt8]
    /// Where the entry is in the bundle, for findings.
    public let cursor: JSONCursor

    /// Whether the entry comes from a Rekor v2 (tile-based) log: kinds `hashedrekord` and `dsse` at version 0.0.2.
    /// Such entries have no inclusion promise and no integrated time, and take tree size and root from the
    /// checkpoint.
    public var isRekorV2: Bool { (kind == "hashedrekord" || kind == "dsse") && version == "0.0.2" }

    static func parse(_ cursor: JSONCursor, limits: Limits) throws(FindingError) -> TransparencyLogEntry {
        let indexCursor = try ProtoJSON.required(cursor, "logIndex")
        let logIndex = try ProtoJSON.int64(indexCursor, code: .sigstoreTlogLogIndexInvalid)
        guard logIndex >= 0 else {
            throw indexCursor.error(
                .sigstoreTlogLogIndexInvalid, "the log index is negative", details: ["actual": String(logIndex)])
        }
        let logID = try ProtoJSON.bytes(
            try ProtoJSON.required(try ProtoJSON.required(cursor, "logId"), "keyId"), code: .sigstoreBundleBase64Invalid
        )
        let kindVersion = try ProtoJSON.required(cursor, "kindVersion")
        var integratedTime: Int64? = nil
        if let time = try ProtoJSON.field(cursor, "integratedTime") {
            let value = try ProtoJSON.int64(time, code: .sigstoreBundleMalformed)
            guard value >= 0 else {
                throw time.error(.sigstoreBundleMalformed, "the integrated time is negative")
            }
            integratedTime = value == 0 ? nil : value
        }
        var set: [UInt8]? = nil
        if let promise = try ProtoJSON.field(cursor, "inclusionPromise") {
            set = try ProtoJSON.bytes(
                try ProtoJSON.required(promise, "signedEntryTimestamp"), code: .sigstoreBundleBase64Invalid)
        }
        var proof: InclusionProof? = nil
        if let proofCursor = try ProtoJSON.field(cursor, "inclusionProof") {
            proof = try InclusionProof.parse(proofCursor, limits: limits)
        }
        return TransparencyLogEntry(
            logIndex: logIndex, logID: logID,
            kind: try ProtoJSON.required(kindVersion, "kind").string(),
            version: try ProtoJSON.required(kindVersion, "version").string(),
            integratedTime: integratedTime, signedEntryTimestamp: set, inclusionProof: proof,
            canonicalizedBody: try ProtoJSON.bytes(
                try ProtoJSON.required(cursor, "canonicalizedBody"), code: .sigstoreBundleBase64Invalid),
            cursor: cursor)
    }
}
