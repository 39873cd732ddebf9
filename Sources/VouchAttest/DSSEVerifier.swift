import VouchCore
import VouchCrypto

/// A public key trusted to sign envelopes, with the algorithms it may be used with.
public struct DSSEKey: Sendable, Hashable {
    public let publicKey: PublicKey
    /// Tried in order. Chosen explicitly by ``init(_:algorithms:)`` or by the documented defaults for the key kind.
    public let algorithms: [SignatureAlgorithm]

    /// A key with explicit algorithms.
    public init(_ publicKey: PublicKey, algorithms: [SignatureAlgorithm]) {
        self.publicKey = publicKey
        self.algorithms = algorithms
    }

    /// A key with the algorithms DSSE signers use for its kind:
    /// ECDSA with the curve's hash (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), DER or raw r‖s (the DSSE test
    /// vector is raw; securesystemslib and cosign write DER); Ed25519; RSA-PSS with SHA-256 and any salt length
    /// (securesystemslib's default) or PKCS#1 v1.5 with SHA-256 (cosign's).
    public init(_ publicKey: PublicKey) {
        let algorithms: [SignatureAlgorithm]
        switch publicKey.kind {
        case .ecP256: algorithms = [.ecdsa(.sha256, encoding: .der), .ecdsa(.sha256, encoding: .raw)]
        case .ecP384: algorithms = [.ecdsa(.sha384, encoding: .der), .ecdsa(.sha384, encoding: .raw)]
        case .ecP521: algorithms = [.ecdsa(.sha512, encoding: .der), .ecdsa(.sha512, encoding: .raw)]
        case .ed25519: algorithms = [.ed25519]
        case .rsa: algorithms = [.rsaPSS(.sha256, saltLength: .auto), .rsaPKCS1v15(.sha256)]
        }
        self.init(publicKey, algorithms: algorithms)
    }
}

/// An envelope whose signatures met the threshold. Later checks read ``payload`` — the verified bytes, never a
/// re-serialization.
public struct VerifiedDSSEEnvelope: Sendable, Hashable {
    public let envelope: DSSEEnvelope
    /// Key IDs (SHA-256 of SPKI) of the distinct trusted keys whose signatures verified.
    public let acceptedKeyIDs: [Digest]

    public var payloadType: String { envelope.payloadType }
    public var payload: [UInt8] { envelope.payload }

    init(envelope: DSSEEnvelope, acceptedKeyIDs: [Digest]) {
        self.envelope = envelope
        self.acceptedKeyIDs = acceptedKeyIDs
    }

    /// An envelope whose signature another verifier has checked — a Sigstore bundle's, whose signer is a certificate
    /// identity or key judged together with its transparency-log entry.
    ///
    /// - Warning: only for envelopes that verifier has accepted; nothing here checks a signature.
    public init(verifiedElsewhere envelope: DSSEEnvelope, signerKeyIDs: [Digest]) {
        self.envelope = envelope
        self.acceptedKeyIDs = signerKeyIDs
    }
}

/// Verifies an envelope against trusted keys with a threshold of distinct keys (DSSE protocol, multi-signature).
///
/// Each signature is checked over the PAE against every trusted key (the `keyid` is only a hint and never filters
/// keys out). A key counts once however many signatures it made, so a repeated signature cannot reach a threshold
/// alone. The payload type must be one of `acceptedPayloadTypes` when that set is not empty.
public struct DSSEVerifier: Sendable {
    public let keys: [DSSEKey]
    public let threshold: Int
    public let acceptedPayloadTypes: Set<String>

    /// - Precondition: `threshold >= 1`.
    public init(keys: [DSSEKey], threshold: Int = 1, acceptedPayloadTypes: Set<String> = [DSSEEnvelope.inTotoPayloadType]) {
        precondition(threshold >= 1, "a DSSE threshold is at least 1")
        self.keys = keys
        self.threshold = threshold
        self.acceptedPayloadTypes = acceptedPayloadTypes
    }

    public func verify(_ envelope: DSSEEnvelope) -> Outcome<VerifiedDSSEEnvelope> {
        var findings: [Finding] = []
        let location = envelope.location
        func at(_ pointer: JSONPointer) -> SourceLocation {
            SourceLocation(input: location.input, pointer: pointer, position: nil)
        }
        if !acceptedPayloadTypes.isEmpty && !acceptedPayloadTypes.contains(envelope.payloadType) {
            findings.append(Finding(
                .dssePayloadTypeUnsupported,
                "payload type '\(envelope.payloadType)' is not accepted",
                at: at((location.pointer ?? .root) / "payloadType"),
                details: ["actual": envelope.payloadType, "accepted": acceptedPayloadTypes.sorted().joined(separator: ", ")]
            ))
        }
        guard !envelope.signatures.isEmpty else {
            findings.append(Finding(.dsseNoSignatures, "the envelope has no signatures", at: location))
            return .failed(findings)
        }
        let message = envelope.pae
        var accepted: [Digest] = []
        for signature in envelope.signatures {
            var verifiedBy: Digest?
            keys: for key in keys {
                for algorithm in key.algorithms {
                    // A signature that does not fit an algorithm (or a mismatch) simply does not verify with it.
                    if (try? key.publicKey.isValidSignature(signature.signature, for: message, using: algorithm)) == true {
                        verifiedBy = key.publicKey.keyID
                        break keys
                    }
                }
            }
            if let verifiedBy {
                if !accepted.contains(verifiedBy) { accepted.append(verifiedBy) }
            } else {
                findings.append(Finding(
                    .dsseSignatureInvalid, severity: .warning,
                    "this signature does not verify with any trusted key",
                    at: at(signature.pointer),
                    details: signature.keyID.map { ["keyid": $0] } ?? [:]
                ))
            }
        }
        if accepted.count < threshold {
            findings.append(Finding(
                .dsseThresholdNotMet,
                "\(accepted.count) distinct trusted key(s) verified the envelope; \(threshold) required",
                at: location,
                details: ["verified": String(accepted.count), "threshold": String(threshold), "signatures": String(envelope.signatures.count)]
            ))
        }
        return .judge(VerifiedDSSEEnvelope(envelope: envelope, acceptedKeyIDs: accepted), findings: findings)
    }
}
