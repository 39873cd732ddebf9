import Foundation
import VouchCore
import VouchCrypto

/// Who must have signed: a keyless identity checked against the certificate, or a key given out of band.
public enum VerificationPolicy: Sendable {
    case identity(CertificateIdentity)
    case publicKey(PublicKey)
}
