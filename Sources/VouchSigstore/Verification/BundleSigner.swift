import VouchCore
import VouchCrypto
import VouchJSON

/// Who signed, as far as the bundle and the policy say: the signing certificate or the given key.
struct BundleSigner: Sendable, CustomStringConvertible {
    let certificate: Certificate?
    let key: PublicKey

    var isCertificate: Bool { certificate != nil }

    /// Whether a log entry's record of the signer is this one: the same certificate, or the same key (an entry may
    /// record just the key of a certificate).
    func matches(_ recorded: RekorEntryBody.Signer) -> Bool {
        switch recorded {
        case .certificate(let der): certificate?.der == der
        case .publicKey(let spki): key.spkiDER == spki
        }
    }

    var description: String {
        if let certificate { return "certificate sha256:\(certificate.fingerprint(.sha256).hex)" }
        return "key \(key.keyID)"
    }
}
