import VouchCore
import VouchCrypto
import VouchJSON

/// A bundle that passed every check, with the evidence: which log entries, timestamps, SCTs and certificates were
/// checked, and at which times. Only ``SigstoreVerifier`` makes one.
public struct VerifiedBundle: Sendable {
    public let mediaType: String
    public let version: BundleVersion
    /// `messageSignature` or `dsseEnvelope`.
    public let contentKind: String
    /// The artifact as named by the caller, and the digest it was matched by.
    public let artifact: String
    public let artifactDigest: Digest
    public let signer: Signer
    public let logEntries: [CheckedLogEntry]
    public let timestamps: [CheckedTimestamp]
    public let signedCertificateTimestamps: [CheckedSCT]
    /// Every time the certificate was judged at.
    public let verifiedTimes: [VerifiedTime]
    /// The in-toto statement of a DSSE bundle.
    public let statement: CheckedStatement?
    /// SHA-256 of the trusted root file, when it was read from one.
    public let trustedRootDigest: Digest?

    init(
        mediaType: String, version: BundleVersion, contentKind: String, artifact: String, artifactDigest: Digest,
        signer: Signer, logEntries: [CheckedLogEntry], timestamps: [CheckedTimestamp],
        signedCertificateTimestamps: [CheckedSCT], verifiedTimes: [VerifiedTime], statement: CheckedStatement?,
        trustedRootDigest: Digest?
    ) {
        self.mediaType = mediaType
        self.version = version
        self.contentKind = contentKind
        self.artifact = artifact
        self.artifactDigest = artifactDigest
        self.signer = signer
        self.logEntries = logEntries
        self.timestamps = timestamps
        self.signedCertificateTimestamps = signedCertificateTimestamps
        self.verifiedTimes = verifiedTimes
        self.statement = statement
        self.trustedRootDigest = trustedRootDigest
    }

    /// Who signed.
    public enum Signer: Sendable {
        case certificate(CheckedCertificate)
        case publicKey(keyID: Digest)
    }

    /// The structured form used by `--format json`.
    public var json: JSONNode {
        var object: JSONObject = [
            "mediaType": .init(.string(mediaType)),
            "bundleVersion": .init(.string(version.rawValue)),
            "content": .init(.string(contentKind)),
            "artifact": ["name": .init(.string(artifact)), "digest": .init(.string(artifactDigest.description))],
            "logEntries": .init(.array(logEntries.map(\.json))),
            "timestamps": .init(.array(timestamps.map(\.json))),
            "signedCertificateTimestamps": .init(.array(signedCertificateTimestamps.map(\.json))),
            "verifiedTimes": .init(.array(verifiedTimes.map(\.json))),
        ]
        switch signer {
        case .certificate(let certificate): object["certificate"] = certificate.json
        case .publicKey(let keyID): object["publicKey"] = ["keyID": .init(.string(keyID.description))]
        }
        if let statement { object["statement"] = statement.json }
        if let trustedRootDigest { object["trustedRoot"] = ["sha256": .init(.string(trustedRootDigest.hex))] }
        return JSONNode(.object(object))
    }
}

/// A time the certificate was judged at, and what vouches for it.
public struct VerifiedTime: Sendable, Hashable {
    public enum Source: String, Sendable {
        /// An RFC 3161 timestamp's genTime.
        case timestamp = "rfc3161-timestamp"
        /// A Rekor v1 integrated time under a verified inclusion promise.
        case integratedTime = "integrated-time"
    }

    public let source: Source
    public let time: VerificationTime
    /// The timestamp authority or log that vouches for the time.
    public let authority: String

    var json: JSONNode {
        [
            "source": .init(.string(source.rawValue)), "time": .init(.string(time.rfc3339)),
            "authority": .init(.string(authority)),
        ]
    }
}

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
