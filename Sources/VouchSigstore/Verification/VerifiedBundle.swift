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
