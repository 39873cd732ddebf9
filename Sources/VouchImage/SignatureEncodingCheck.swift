import VouchCore
import VouchCrypto

/// The signature bytes have the shape a signature of the key must have: a strict DER `ECDSA-Sig-Value` with
/// integers of the curve's size, an RSA signature as long as the modulus, 64 bytes for Ed25519.
///
/// A signature that fails this is damaged (truncated, padded, re-encoded), which is a defect of the signature; one
/// that has the shape but does not verify may simply be another signer's.
enum SignatureEncodingCheck {
    /// Whether `signature` could be a signature by `key`.
    static func fits(_ signature: [UInt8], _ key: PublicKey) -> Bool {
        switch key.kind {
        case .ecP256, .ecP384, .ecP521:
            guard let size = key.kind.ecdsaScalarByteCount else { return false }
            return (try? ECDSASignature.raw(fromDER: signature, scalarByteCount: size)) != nil
        case .ed25519:
            return signature.count == 64
        case .rsa(let bits):
            return signature.count == (bits + 7) / 8
        }
    }

    /// `image.signature.malformed` when the signature fits none of `keys`.
    static func check(_ signature: [UInt8], keys: [PublicKey], at location: SourceLocation) -> [Finding] {
        guard !keys.isEmpty, !keys.contains(where: { fits(signature, $0) }) else { return [] }
        return [
            Finding(
                .imageSignatureMalformed, "the signature is not shaped like a signature of the key (damaged or cut)",
                at: location,
                details: [
                    "length": String(signature.count), "keys": keys.map(\.kind.description).joined(separator: ", "),
                ])
        ]
    }
}
