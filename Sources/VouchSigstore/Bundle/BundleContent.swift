import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

/// What was signed (`content`, a oneof): a signature over the artifact's bytes, or a DSSE envelope.
public enum BundleContent: Sendable {
    case messageSignature(MessageSignature)
    case dsseEnvelope(DSSEEnvelope)

    /// The raw signature bytes: what an RFC 3161 timestamp must cover.
    public var signature: [UInt8] {
        switch self {
        case .messageSignature(let message): message.signature
        case .dsseEnvelope(let envelope): envelope.signatures.first?.signature ?? []
        }
    }
}
