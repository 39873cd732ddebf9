/// The kinds of key Vouch signs and verifies with.
///
/// Other curves (secp256k1, brainpool), DSA, RSA-PSS-restricted keys and RSA outside 2048...4096 bits are refused
/// when the key is loaded, so a ``PublicKey`` of an unexpected kind never exists.
public enum KeyKind: Sendable, Hashable, CustomStringConvertible {
    /// ECDSA on NIST P-256 (prime256v1, secp256r1).
    case ecP256
    /// ECDSA on NIST P-384 (secp384r1).
    case ecP384
    /// ECDSA on NIST P-521 (secp521r1).
    case ecP521
    /// EdDSA on edwards25519 (RFC 8032, pure mode).
    case ed25519
    /// RSA with a modulus of the given size in bits.
    case rsa(bits: Int)

    /// Smallest RSA modulus accepted, in bits.
    public static let minimumRSABits = 2048
    /// Largest RSA modulus accepted, in bits; larger keys only cost verification time.
    public static let maximumRSABits = 4096

    /// Byte length of one ECDSA scalar (r or s) for the curve, or `nil` for non-EC kinds.
    public var ecdsaScalarByteCount: Int? {
        switch self {
        case .ecP256: 32
        case .ecP384: 48
        case .ecP521: 66
        case .ed25519, .rsa: nil
        }
    }

    public var description: String {
        switch self {
        case .ecP256: "ECDSA P-256"
        case .ecP384: "ECDSA P-384"
        case .ecP521: "ECDSA P-521"
        case .ed25519: "Ed25519"
        case .rsa(let bits): "RSA \(bits)"
        }
    }
}
