import VouchCore
import VouchCrypto
import VouchJSON

/// A transparency log entry that passed.
public struct CheckedLogEntry: Sendable {
    public let logIndex: Int64
    public let logID: [UInt8]
    public let logURL: String
    public let kind: String
    public let version: String
    /// 1 or 2.
    public let rekorVersion: Int
    /// The integrated time, when an inclusion promise vouched for it.
    public let integratedTime: VerificationTime?
    /// The leaf index, tree size and root the inclusion proof was checked against, and the checkpoint's origin.
    public let inclusionProof: (leafIndex: UInt64, treeSize: UInt64, rootHash: [UInt8], origin: String)?

    var json: JSONNode {
        var object: JSONObject = [
            "logIndex": .init(.string(String(logIndex))), "logID": .init(.string(Base64.encode(logID))),
            "log": .init(.string(logURL)), "kind": .init(.string("\(kind) \(version)")),
            "rekorVersion": JSONNode(integerLiteral: rekorVersion),
            "inclusionPromise": .init(.bool(integratedTime != nil)),
        ]
        if let integratedTime { object["integratedTime"] = .init(.string(integratedTime.rfc3339)) }
        if let proof = inclusionProof {
            object["inclusionProof"] = [
                "leafIndex": .init(.string(String(proof.leafIndex))),
                "treeSize": .init(.string(String(proof.treeSize))),
                "rootHash": .init(.string(Hex.encode(proof.rootHash))),
                "checkpointOrigin": .init(.string(proof.origin)),
            ]
        }
        return JSONNode(.object(object))
    }
}

/// An RFC 3161 timestamp that passed.
public struct CheckedTimestamp: Sendable {
    public let genTime: VerificationTime
    public let authority: String
    public let signer: String
    public let serialNumber: String
    public let policyOID: String

    var json: JSONNode {
        [
            "genTime": .init(.string(genTime.rfc3339)), "authority": .init(.string(authority)),
            "signer": .init(.string(signer)), "serialNumber": .init(.string(serialNumber)),
            "policy": .init(.string(policyOID)),
        ]
    }
}

/// An embedded SCT that verified.
public struct CheckedSCT: Sendable {
    public let log: String
    public let time: VerificationTime

    var json: JSONNode { ["log": .init(.string(log)), "time": .init(.string(time.rfc3339))] }
}

/// The signing certificate that passed, and where it chains to.
public struct CheckedCertificate: Sendable {
    public let subjectAlternativeNames: [SubjectAlternativeName]
    public let issuer: String?
    public let serialNumber: String
    public let notBefore: VerificationTime
    public let notAfter: VerificationTime
    public let fingerprint: Digest
    /// The certificate authority of the trusted root it chains to.
    public let certificateAuthority: String
    /// The times the chain was checked at.
    public let checkedAt: [VerificationTime]

    var json: JSONNode {
        var object: JSONObject = [
            "subjectAlternativeNames": .init(.array(subjectAlternativeNames.map { .init(.string($0.description)) })),
            "serialNumber": .init(.string(serialNumber)), "notBefore": .init(.string(notBefore.rfc3339)),
            "notAfter": .init(.string(notAfter.rfc3339)), "sha256": .init(.string(fingerprint.hex)),
            "certificateAuthority": .init(.string(certificateAuthority)),
            "checkedAt": .init(.array(checkedAt.map { .init(.string($0.rfc3339)) })),
        ]
        if let issuer { object["oidcIssuer"] = .init(.string(issuer)) }
        return JSONNode(.object(object))
    }
}

/// The in-toto statement of a DSSE bundle and the subject the artifact matched.
public struct CheckedStatement: Sendable {
    public let predicateType: String
    public let matchedSubject: String

    var json: JSONNode {
        ["predicateType": .init(.string(predicateType)), "matchedSubject": .init(.string(matchedSubject))]
    }
}
