internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// A private key for signing: ECDSA P-256/P-384/P-521, Ed25519 or RSA of 2048 to 4096 bits.
///
/// Read from unencrypted PEM (PKCS#8 `PRIVATE KEY` or traditional `EC PRIVATE KEY` / `RSA PRIVATE KEY`) or
/// generated. Its description never shows key material.
public struct PrivateKey: Sendable, CustomStringConvertible {
    let key: OwnedPKey
    /// The matching public key.
    public let publicKey: PublicKey

    /// The key's algorithm and size.
    public var kind: KeyKind { publicKey.kind }

    /// Reads an unencrypted PEM private key.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoKeyEncrypted`` for encrypted keys (Vouch never prompts for a
    ///   password), ``VouchCore/FindingCode/cryptoKeyMalformed`` when no key can be read.
    public init(pem: String, input: String) throws(FindingError) {
        try self.init(pemBytes: Array(pem.utf8), input: input)
    }

    /// Reads an unencrypted PEM private key from bytes.
    public init(pem: some DataProtocol, input: String) throws(FindingError) {
        try self.init(pemBytes: Array(pem), input: input)
    }

    private init(pemBytes: [UInt8], input: String) throws(FindingError) {
        if let label = PEMText.firstLabel(pemBytes),
            label == "ENCRYPTED PRIVATE KEY" || pemBytes.firstRange(of: Array("Proc-Type: 4,ENCRYPTED".utf8)) != nil
        {
            throw FindingError(
                .cryptoKeyEncrypted, "the private key is encrypted", input: input, details: ["label": label])
        }
        guard let bio = OwnedBIO(copying: pemBytes) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a BIO", input: input)
        }
        // A callback that supplies no password, so OpenSSL never prompts on the terminal.
        guard let parsed = PEM_read_bio_PrivateKey(bio.pointer, nil, { _, _, _, _ in -1 }, nil) else {
            throw OpenSSLErrorQueue.error(.cryptoKeyMalformed, "no PEM private key could be read", input: input)
        }
        try self.init(owning: OwnedPKey(parsed), input: input)
    }

    private init(owning key: OwnedPKey, input: String) throws(FindingError) {
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(key.pointer, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot derive the public key", input: input)
        }
        defer { vouch_openssl_free(output) }
        self.publicKey = try PublicKey(der: UnsafeBufferPointer(start: output, count: Int(length)), input: input)
        self.key = key
    }

    /// A new random key.
    ///
    /// - Parameter kind: any ``KeyKind``; RSA sizes must be within 2048...4096 bits.
    public static func generate(_ kind: KeyKind) throws(FindingError) -> PrivateKey {
        let input = "generated key"
        let algorithm = if case .rsa = kind { "RSA" } else if kind == .ed25519 { "ED25519" } else { "EC" }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
            throw OpenSSLErrorQueue.error(
                .cryptoOpenSSLFailure, "cannot create a \(algorithm) key context", input: input)
        }
        let owned = OwnedPKeyContext(context)
        var configured = EVP_PKEY_keygen_init(owned.pointer) == 1
        switch kind {
        case .ecP256: configured = configured && EVP_PKEY_CTX_set_group_name(owned.pointer, "P-256") == 1
        case .ecP384: configured = configured && EVP_PKEY_CTX_set_group_name(owned.pointer, "P-384") == 1
        case .ecP521: configured = configured && EVP_PKEY_CTX_set_group_name(owned.pointer, "P-521") == 1
        case .ed25519: break
        case .rsa(let bits):
            guard (KeyKind.minimumRSABits...KeyKind.maximumRSABits).contains(bits) else {
                throw FindingError(
                    bits < KeyKind.minimumRSABits ? .cryptoKeyTooWeak : .cryptoKeyUnsupported,
                    "RSA keys must have \(KeyKind.minimumRSABits) to \(KeyKind.maximumRSABits) bits", input: input,
                    details: ["bits": String(bits)])
            }
            configured = configured && EVP_PKEY_CTX_set_rsa_keygen_bits(owned.pointer, Int32(bits)) == 1
        }
        var generated: OpaquePointer? = nil
        guard configured, EVP_PKEY_generate(owned.pointer, &generated) == 1, let generated else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot generate a \(kind) key", input: input)
        }
        return try PrivateKey(owning: OwnedPKey(generated), input: input)
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// - Warning: the result is secret key material.
    public var pem: String {
        guard let bio = OwnedBIO(), PEM_write_bio_PrivateKey(bio.pointer, key.pointer, nil, nil, 0, nil, nil) == 1
        else {
            OpenSSLErrorQueue.drain()
            preconditionFailure("PEM_write_bio_PrivateKey failed: out of memory")
        }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    public var description: String { "\(kind) private key for \(publicKey.keyID)" }

    /// Signs `message` with `algorithm`. ECDSA signatures come out in the algorithm's encoding (DER or raw r||s).
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoAlgorithmMismatch`` when `algorithm` does not fit the key,
    ///   ``VouchCore/FindingCode/cryptoAlgorithmUnsupported`` for SHA-1, ``VouchCore/FindingCode/cryptoOpenSSLFailure``
    ///   when OpenSSL fails.
    public func signature(
        for message: some DataProtocol, using algorithm: SignatureAlgorithm
    ) throws(FindingError)
        -> [UInt8]
    {
        let input = "signing"
        try algorithm.check(fits: kind, input: input)
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a digest context", input: input)
        }
        let owned = OwnedDigestContext(context)
        var pkeyContext: OpaquePointer? = nil
        guard EVP_DigestSignInit(owned.pointer, &pkeyContext, algorithm.digestAlgorithm?.evpMD, nil, key.pointer) == 1,
            let pkeyContext, SignatureParameters.configure(pkeyContext, for: algorithm)
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot start signing with \(algorithm)", input: input)
        }
        let messageBytes = Array(message)
        var length = 0
        guard EVP_DigestSign(owned.pointer, nil, &length, messageBytes, messageBytes.count) == 1 else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot size the signature", input: input)
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(owned.pointer, &signature, &length, messageBytes, messageBytes.count) == 1 else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot sign with \(algorithm)", input: input)
        }
        signature.removeSubrange(length...)
        if case .ecdsa(_, .raw) = algorithm, let scalarByteCount = kind.ecdsaScalarByteCount {
            return try ECDSASignature.raw(fromDER: signature, scalarByteCount: scalarByteCount, input: input)
        }
        return signature
    }
}
