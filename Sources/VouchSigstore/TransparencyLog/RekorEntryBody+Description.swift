import VouchCore
import VouchCrypto
import VouchJSON

extension RekorEntryBody.Signer: CustomStringConvertible {
    var description: String {
        switch self {
        case .certificate(let der): "certificate sha256:\(Digest.of(der, using: .sha256).hex)"
        case .publicKey(let spki): "key \(Digest.of(spki, using: .sha256))"
        }
    }
}
