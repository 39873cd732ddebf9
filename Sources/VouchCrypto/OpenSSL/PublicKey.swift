internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// A public key Vouch verifies with: ECDSA P-256/P-384/P-521, Ed25519, or RSA of 2048 to 4096 bits.
///
/// Loaded from a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) in PEM (`-----BEGIN PUBLIC KEY-----`) or DER:
/// ```
/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
/// ```
/// Two keys are equal when their SubjectPublicKeyInfo encodings are.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    let key: OwnedPKey
    /// The key's algorithm and size.
    public let kind: KeyKind
    /// The DER SubjectPublicKeyInfo.
    public let spkiDER: [UInt8]

    /// Reads a PEM `PUBLIC KEY` block (text around it is ignored).
    public init(pem: String, input: String) throws(FindingError) {
        try self.init(pemBytes: Array(pem.utf8), input: input)
    }

    /// Reads a PEM `PUBLIC KEY` block from bytes (text around it is ignored).
    public init(pem: some DataProtocol, input: String) throws(FindingError) {
        try self.init(pemBytes: Array(pem), input: input)
    }

    /// Reads a DER SubjectPublicKeyInfo; the bytes must be exactly one canonical DER structure.
    public init(der: some DataProtocol, input: String) throws(FindingError) {
        let bytes = Array(der)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let key = d2i_PUBKEY(nil, &cursor, buffer.count) else { return nil }
            guard cursor == base + buffer.count else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(.cryptoKeyMalformed, "not a DER SubjectPublicKeyInfo", input: input)
        }
        let owned = OwnedPKey(parsed)
        // OpenSSL 3.0 re-encodes a key through its encoder framework: about 0.07 ms a key, and 0.4 ms for the first
        // of a process. An EC or Ed25519 SubjectPublicKeyInfo is a fixed frame around the point OpenSSL decoded, so
        // the bytes are first compared with that frame; only bytes that differ from it are encoded to be judged.
        let kind = try KeyKind(classifying: parsed, input: input)
        if let framed = Self.framedSPKI(of: parsed, kind: kind), framed == bytes {
            self.init(owned, kind: kind, spkiDER: bytes)
            return
        }
        try self.init(owning: owned, input: input)
        guard spkiDER == bytes else {
            throw FindingError(.cryptoKeyMalformed, "the public key is not in canonical DER", input: input)
        }
    }

    /// The DER SubjectPublicKeyInfo OpenSSL writes for an EC key on a named curve (RFC 5480: id-ecPublicKey, the
    /// curve's OID, the point as the key holds it) or an Ed25519 key (RFC 8410: no parameters); `nil` for RSA.
    private static func framedSPKI(of key: OpaquePointer, kind: KeyKind) -> [UInt8]? {
        let algorithm: [UInt8]
        var point: [UInt8]
        switch kind {
        case .ecP256, .ecP384, .ecP521:
            let idECPublicKey: [UInt8] = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
            let curve: [UInt8] =
                switch kind {
                case .ecP256: [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
                case .ecP384: [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]
                default: [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23]
                }
            algorithm = idECPublicKey + curve
            var length = 0
            guard EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nil, 0, &length) == 1,
                length > 0
            else { return nil }
            point = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &point, length, &length) == 1
            else { return nil }
            point = Array(point.prefix(length))
        case .ed25519:
            algorithm = [0x06, 0x03, 0x2B, 0x65, 0x70]
            var length = 32
            point = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_get_raw_public_key(key, &point, &length) == 1, length == 32 else { return nil }
        case .rsa:
            return nil
        }
        OpenSSLErrorQueue.drain()
        let algorithmIdentifier = [DER.sequence] + DER.encodeLength(algorithm.count) + algorithm
        let subjectPublicKey = [DER.bitString] + DER.encodeLength(point.count + 1) + [0x00] + point
        let content = algorithmIdentifier + subjectPublicKey
        return [DER.sequence] + DER.encodeLength(content.count) + content
    }

    /// Reads a public key in PEM or DER, deciding by the content.
    public static func load(_ data: some DataProtocol, input: String) throws(FindingError) -> PublicKey {
        let bytes = Array(data)
        if PEMText.looksLikePEM(bytes) {
            return try PublicKey(pemBytes: bytes, input: input)
        }
        return try PublicKey(der: bytes, input: input)
    }

    private init(pemBytes: [UInt8], input: String) throws(FindingError) {
        guard let bio = OwnedBIO(copying: pemBytes) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a BIO", input: input)
        }
        guard let parsed = PEM_read_bio_PUBKEY(bio.pointer, nil, nil, nil) else {
            var details: [String: String] = [:]
            if let label = PEMText.firstLabel(pemBytes) {
                details["label"] = label
            }
            throw OpenSSLErrorQueue.error(
                .cryptoKeyMalformed, "no PEM PUBLIC KEY block could be read", input: input, details: details)
        }
        try self.init(owning: OwnedPKey(parsed), input: input)
    }

    /// Takes ownership of a parsed key, classifying it and refusing unsupported kinds.
    init(owning key: OwnedPKey, input: String) throws(FindingError) {
        self.kind = try KeyKind(classifying: key.pointer, input: input)
        self.key = key
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(key.pointer, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot encode the public key", input: input)
        }
        defer { vouch_openssl_free(output) }
        self.spkiDER = Array(UnsafeBufferPointer(start: output, count: Int(length)))
        self.keyID = Digest.of(spkiDER, using: .sha256)
    }

    /// SHA-256 of ``spkiDER``: the key ID cosign and Sigstore use. Computed once: verifiers report it per signature.
    public let keyID: Digest

    /// The key as a PEM `PUBLIC KEY` block.
    public var pem: String {
        PEMText.encode(label: "PUBLIC KEY", der: spkiDER)
    }

    public var description: String { "\(kind) public key \(keyID)" }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.spkiDER == rhs.spkiDER }

    public func hash(into hasher: inout Hasher) { hasher.combine(spkiDER) }

    /// Whether `signature` is a valid signature of `message` under this key with `algorithm`.
    ///
    /// A signature that does not verify, including one that is not even well formed (bad DER, wrong length),
    /// gives `false`. ECDSA DER signatures must be strict DER: BER variants and trailing bytes are refused.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoAlgorithmMismatch`` when `algorithm` does not fit the key,
    ///   ``VouchCore/FindingCode/cryptoAlgorithmUnsupported`` for SHA-1, and
    ///   ``VouchCore/FindingCode/cryptoOpenSSLFailure`` when OpenSSL cannot set up the operation.
    public func isValidSignature(
        _ signature: some DataProtocol, for message: some DataProtocol, using algorithm: SignatureAlgorithm
    ) throws(FindingError) -> Bool {
        let input = "signature"
        try algorithm.check(fits: kind, input: input)
        guard let signatureBytes = normalisedSignature(Array(signature), algorithm: algorithm) else { return false }
        let owned: OwnedDigestContext
        if case .ecdsa = algorithm {
            // Setting up a verification (fetching the algorithm, a key context, the digest) costs about as much as
            // a sixth of a P-256 verification; keys of the trusted root verify thousands of signatures in one run,
            // so each keeps one context per algorithm and every verification starts from a copy of it.
            owned = try key.verificationContext(for: algorithm) { () throws(FindingError) in
                try startVerification(algorithm, input: input)
            }
        } else {
            owned = try startVerification(algorithm, input: input)
        }
        // The context is used once: without this flag EVP_DigestVerifyFinal works on a copy of the key context.
        EVP_MD_CTX_set_flags(owned.pointer, EVP_MD_CTX_FLAG_FINALISE)
        let result: Int32
        if algorithm == .ed25519 {
            // Ed25519 hashes the message twice internally, so OpenSSL accepts it only in one piece.
            let messageBytes = Array(message)
            result = EVP_DigestVerify(
                owned.pointer, signatureBytes, signatureBytes.count, messageBytes, messageBytes.count)
        } else {
            for region in message.regions {
                let updated = region.withUnsafeBytes { EVP_DigestVerifyUpdate(owned.pointer, $0.baseAddress, $0.count) }
                guard updated == 1 else {
                    throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot hash the message", input: input)
                }
            }
            result = EVP_DigestVerifyFinal(owned.pointer, signatureBytes, signatureBytes.count)
        }
        // A rejected signature leaves reasons on the queue; they are not failures of the check.
        OpenSSLErrorQueue.drain()
        return result == 1
    }

    /// Whether `signature` is valid for a message whose digest is `digest` (prehashed, as in hashedrekord).
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoAlgorithmMismatch`` when `algorithm` does not fit the key or the
    ///   digest's algorithm is not the signature's, and ``VouchCore/FindingCode/cryptoAlgorithmUnsupported`` for
    ///   Ed25519, which cannot sign a digest.
    public func isValidSignature(
        _ signature: some DataProtocol, forDigest digest: Digest, using algorithm: SignatureAlgorithm
    ) throws(FindingError) -> Bool {
        let input = "signature"
        try algorithm.check(fits: kind, input: input)
        guard let digestAlgorithm = algorithm.digestAlgorithm else {
            throw FindingError(
                .cryptoAlgorithmUnsupported, "Ed25519 signs messages, not digests", input: input,
                details: ["algorithm": algorithm.description])
        }
        guard digest.algorithm == digestAlgorithm else {
            throw FindingError(
                .cryptoAlgorithmMismatch,
                "the digest is \(digest.algorithm.rawValue) but the algorithm is \(algorithm)",
                input: input, details: ["digest": digest.description, "algorithm": algorithm.description])
        }
        guard let signatureBytes = normalisedSignature(Array(signature), algorithm: algorithm) else { return false }
        guard let context = EVP_PKEY_CTX_new(key.pointer, nil) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a key context", input: input)
        }
        let owned = OwnedPKeyContext(context)
        guard EVP_PKEY_verify_init(owned.pointer) == 1,
            EVP_PKEY_CTX_set_signature_md(owned.pointer, digestAlgorithm.evpMD) == 1,
            SignatureParameters.configure(owned.pointer, for: algorithm)
        else {
            throw OpenSSLErrorQueue.error(
                .cryptoOpenSSLFailure, "cannot start verifying \(algorithm)", input: input,
                details: ["key": kind.description])
        }
        let digestBytes = digest.bytes
        let result = EVP_PKEY_verify(
            owned.pointer, signatureBytes, signatureBytes.count, digestBytes, digestBytes.count)
        OpenSSLErrorQueue.drain()
        return result == 1
    }

    /// A digest context set up to verify `algorithm` signatures with this key, before any message byte.
    private func startVerification(
        _ algorithm: SignatureAlgorithm, input: String
    ) throws(FindingError) -> OwnedDigestContext {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a digest context", input: input)
        }
        let owned = OwnedDigestContext(context)
        var pkeyContext: OpaquePointer? = nil
        guard
            EVP_DigestVerifyInit(owned.pointer, &pkeyContext, algorithm.digestAlgorithm?.evpMD, nil, key.pointer) == 1,
            let pkeyContext, SignatureParameters.configure(pkeyContext, for: algorithm)
        else {
            throw OpenSSLErrorQueue.error(
                .cryptoOpenSSLFailure, "cannot start verifying \(algorithm)", input: input,
                details: ["key": kind.description])
        }
        return owned
    }

    /// The signature as OpenSSL expects it, or `nil` when it cannot be valid: ECDSA raw signatures are converted to
    /// DER, and ECDSA DER signatures must already be strict DER.
    private func normalisedSignature(_ signature: [UInt8], algorithm: SignatureAlgorithm) -> [UInt8]? {
        guard case .ecdsa(_, let encoding) = algorithm, let scalarByteCount = kind.ecdsaScalarByteCount else {
            return signature
        }
        switch encoding {
        case .der:
            return ECDSASignature.integers(fromDER: signature) == nil ? nil : signature
        case .raw:
            return try? ECDSASignature.der(fromRaw: signature, scalarByteCount: scalarByteCount)
        }
    }
}

extension KeyKind {
    /// The kind of an OpenSSL key, refusing what Vouch does not support.
    init(classifying key: OpaquePointer, input: String) throws(FindingError) {
        let type = EVP_PKEY_get_base_id(key)
        switch type {
        case EVP_PKEY_EC:
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            let named = buffer.withUnsafeMutableBufferPointer {
                EVP_PKEY_get_group_name(key, $0.baseAddress, $0.count, &length)
            }
            let group =
                named == 1 ? String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
            switch group {
            case "prime256v1", "P-256": self = .ecP256
            case "secp384r1", "P-384": self = .ecP384
            case "secp521r1", "P-521": self = .ecP521
            default:
                throw OpenSSLErrorQueue.error(
                    .cryptoKeyUnsupported, "EC keys must use P-256, P-384 or P-521", input: input,
                    details: ["curve": group.isEmpty ? "explicit or unnamed" : group])
            }
        case EVP_PKEY_ED25519:
            self = .ed25519
        case EVP_PKEY_RSA:
            let bits = Int(EVP_PKEY_get_bits(key))
            if bits < KeyKind.minimumRSABits {
                throw FindingError(
                    .cryptoKeyTooWeak, "RSA keys must have at least \(KeyKind.minimumRSABits) bits", input: input,
                    details: ["bits": String(bits)])
            }
            if bits > KeyKind.maximumRSABits {
                throw FindingError(
                    .cryptoKeyUnsupported, "RSA keys may have at most \(KeyKind.maximumRSABits) bits", input: input,
                    details: ["bits": String(bits)])
            }
            self = .rsa(bits: bits)
        default:
            let name = OBJ_nid2sn(type).map { String(cString: $0) } ?? "nid \(type)"
            throw FindingError(
                .cryptoKeyUnsupported, "unsupported key type \(name)", input: input, details: ["type": name])
        }
    }
}
