import VouchCore
import VouchCrypto
import VouchJSON

/// Checks a Rekor v1 signed entry timestamp (inclusion promise): the log's signature over the RFC 8785 canonical
/// JSON of the entry,
///
/// ```
/// { "body": base64(canonicalizedBody), "integratedTime": int, "logID": hex(logID), "logIndex": int }
/// ```
/// A verified promise is what makes the integrated time a trusted time.
enum InclusionPromiseCheck {
    static func check(
        _ entry: TransparencyLogEntry, signedEntryTimestamp: [UInt8], integratedTime: Int64,
        log: TransparencyLogInstance
    ) -> [Finding] {
        let location = entry.cursor.child("inclusionPromise") ?? entry.cursor
        guard let key = log.publicKey, let algorithm = log.signatureAlgorithm else { return [] }
        let payload: JSONNode = [
            "body": .init(.string(Base64.encode(entry.canonicalizedBody))),
            "integratedTime": .init(.number(JSONNumber(Double(integratedTime)))),
            "logID": .init(.string(Hex.encode(entry.logID))),
            "logIndex": .init(.number(JSONNumber(Double(entry.logIndex)))),
        ]
        let valid =
            (try? key.isValidSignature(signedEntryTimestamp, for: JCS.canonicalBytes(payload), using: algorithm))
        guard valid == true else {
            return [
                location.finding(
                    .sigstoreTlogSETInvalid, "the signed entry timestamp does not verify with the log's key",
                    details: ["log": log.baseURL, "logIndex": String(entry.logIndex)])
            ]
        }
        return []
    }
}
