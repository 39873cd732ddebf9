import VouchCore
import VouchCrypto

/// A transparency log or CT log the trusted root vouches for (protobuf-specs `TransparencyLogInstance`):
///
/// ```
/// TransparencyLogInstance = { "baseUrl": string, "hashAlgorithm": HashAlgorithm,
///                             "publicKey": { "rawBytes": bytes, "keyDetails": PublicKeyDetails,
///                                            "validFor": TimeRange },
///                             "logId": { "keyId": bytes }, "checkpointKeyId": { "keyId": bytes }?,
///                             "operator": string? }
/// ```
/// `rawBytes` is a DER SubjectPublicKeyInfo, or a PKCS #1 RSAPublicKey for the `PKCS1_RSA_*` key details. The key's
/// `validFor.start` is required. A key of a kind Vouch cannot verify with leaves the instance in the root but
/// unusable: entries that name it fail with `sigstore.tlog.key-unsupported`.
public struct TransparencyLogInstance: Sendable, Hashable {
    public let baseURL: String
    /// `SHA2_256` for every log Sigstore runs.
    public let hashAlgorithm: String
    /// The key as found in the trusted root (`rawBytes`).
    public let rawKey: [UInt8]
    /// `PublicKeyDetails` name, such as `PKIX_ECDSA_P256_SHA_256` or `PKIX_ED25519`.
    public let keyDetails: String
    /// The key, or `nil` when it is of a kind Vouch does not verify with (see ``keyProblem``).
    public let publicKey: PublicKey?
    /// Why ``publicKey`` is `nil`.
    public let keyProblem: String?
    public let validFor: ValidityPeriod
    /// The log ID bundles name: SHA-256 of the SubjectPublicKeyInfo for Rekor v1 and CT logs, the C2SP checkpoint
    /// key ID for Rekor v2 logs.
    public let logID: [UInt8]
    /// The optional `checkpointKeyId` of v0.2 trusted roots.
    public let checkpointKeyID: [UInt8]?
    public let operatorName: String?

    public init(
        baseURL: String, hashAlgorithm: String = "SHA2_256", rawKey: [UInt8], keyDetails: String,
        publicKey: PublicKey?, keyProblem: String? = nil, validFor: ValidityPeriod, logID: [UInt8],
        checkpointKeyID: [UInt8]? = nil, operatorName: String? = nil
    ) {
        self.baseURL = baseURL
        self.hashAlgorithm = hashAlgorithm
        self.rawKey = rawKey
        self.keyDetails = keyDetails
        self.publicKey = publicKey
        self.keyProblem = keyProblem
        self.validFor = validFor
        self.logID = logID
        self.checkpointKeyID = checkpointKeyID
        self.operatorName = operatorName
    }

    /// The name the log signs checkpoints under: the base URL without its scheme and trailing slash
    /// (`https://rekor.sigstore.dev` → `rekor.sigstore.dev`).
    public var keyName: String {
        var name = Substring(baseURL)
        if let range = name.range(of: "://") { name = name[range.upperBound...] }
        while name.hasSuffix("/") { name = name.dropLast() }
        return String(name)
    }

    /// The 4-byte C2SP signed-note key ID of the log's key under ``keyName``: SHA-256 of the SubjectPublicKeyInfo
    /// for ECDSA; SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4] for Ed25519 (type 0x01) and RSA (0xFF ‖
    /// "PKIX-RSA-PKCS#1v1.5"). A `checkpointKeyId` in the root takes precedence.
    public var checkpointKeyHint: [UInt8]? {
        if let checkpointKeyID, checkpointKeyID.count >= 4 { return Array(checkpointKeyID.prefix(4)) }
        guard let publicKey else { return nil }
        switch publicKey.kind {
        case .ecP256, .ecP384, .ecP521:
            return Array(publicKey.keyID.bytes.prefix(4))
        case .ed25519:
            let raw = publicKey.spkiDER.suffix(32)
            return Array(Digest.of(Array(keyName.utf8) + [0x0A, 0x01] + raw, using: .sha256).bytes.prefix(4))
        case .rsa:
            let material = Array(keyName.utf8) + [0x0A, 0xFF] + Array("PKIX-RSA-PKCS#1v1.5".utf8) + publicKey.spkiDER
            return Array(Digest.of(material, using: .sha256).bytes.prefix(4))
        }
    }

    /// Whether the key's own name binds the key ID (Ed25519 and RSA), so that a signature line under another name
    /// can never be this key's.
    var keyIDBindsName: Bool {
        guard let publicKey else { return true }
        if case .rsa = publicKey.kind { return true }
        return publicKey.kind == .ed25519
    }

    /// The algorithm the log signs with, chosen from the key and its declared details.
    var signatureAlgorithm: SignatureAlgorithm? {
        guard let publicKey else { return nil }
        return SigstoreAlgorithms.algorithm(for: publicKey, keyDetails: keyDetails)
    }
}
