import VouchCore
import VouchCrypto

/// A cosign signature stored the way cosign did before Sigstore bundles: one layer of a `sha256-<hex>.sig` (or
/// `.att`) image, or one containers/image `sigstore-json` signature, with its annotations already decoded.
///
/// ```
/// layer       = payload blob, annotations
/// annotations = "dev.cosignproject.cosign/signature": base64 signature     ; empty for .att layers
///               "dev.sigstore.cosign/certificate":    PEM leaf              ; keyless
///               "dev.sigstore.cosign/chain":          PEM intermediates, root
///               "dev.sigstore.cosign/bundle":         { "SignedEntryTimestamp": base64,
///                                                       "Payload": { "body": base64, "integratedTime": int,
///                                                                    "logIndex": int, "logID": hex } }
///               "dev.sigstore.cosign/rfc3161timestamp": { "SignedRFC3161Timestamp": base64 DER }
/// ```
/// ``LegacyBundle`` turns it into the ``UnverifiedBundle`` a Sigstore bundle would be, so that one verifier judges
/// signatures of both eras. Nothing here is trusted yet.
public struct LegacySignature: Sendable {
    /// What was signed.
    public enum Content: Sendable {
        /// A simple-signing payload; the signature is over these exact bytes.
        case payload([UInt8])
        /// A DSSE envelope (JSON bytes) holding its own signature (`.att` layers).
        case envelope([UInt8])
    }

    /// Who signed, as the layer says.
    public enum Material: Sendable {
        /// No certificate: the verifier must be given the key.
        case key
        /// A signing certificate.
        case certificate(Certificate)
    }

    public var content: Content
    /// The signature bytes of a payload; unused for an envelope.
    public var signature: [UInt8]
    public var material: Material
    /// The Rekor entry and its signed entry timestamp, from the bundle annotation.
    public var logEntry: LegacyLogEntry?
    /// DER `TimeStampResp`s over the signature, from the RFC 3161 annotation.
    public var timestamps: [[UInt8]]
    /// Where each part came from, so that findings point at the layer rather than at the converted bundle.
    public var sources: Sources

    public init(
        content: Content, signature: [UInt8], material: Material, logEntry: LegacyLogEntry? = nil,
        timestamps: [[UInt8]] = [], sources: Sources
    ) {
        self.content = content
        self.signature = signature
        self.material = material
        self.logEntry = logEntry
        self.timestamps = timestamps
        self.sources = sources
    }

    /// The places a legacy signature's parts were read from.
    public struct Sources: Sendable, Hashable {
        /// The payload or envelope blob (for an envelope, its JSON pointers are appended to this location's).
        public var content: SourceLocation
        public var signature: SourceLocation
        public var certificate: SourceLocation
        public var logEntry: SourceLocation
        public var timestamp: SourceLocation

        /// Every part at one place.
        public init(_ location: SourceLocation) {
            self.init(
                content: location, signature: location, certificate: location, logEntry: location,
                timestamp: location)
        }

        public init(
            content: SourceLocation, signature: SourceLocation, certificate: SourceLocation,
            logEntry: SourceLocation, timestamp: SourceLocation
        ) {
            self.content = content
            self.signature = signature
            self.certificate = certificate
            self.logEntry = logEntry
            self.timestamp = timestamp
        }
    }
}

/// The Rekor v1 entry of a legacy "cosign bundle" annotation: the canonicalized body and the log's promise.
///
/// The log index is the global one; the signed entry timestamp covers the RFC 8785 form of
/// `{"body", "integratedTime", "logID", "logIndex"}`, with the log ID in hex.
public struct LegacyLogEntry: Sendable, Hashable {
    public var signedEntryTimestamp: [UInt8]
    public var body: [UInt8]
    public var integratedTime: Int64
    public var logIndex: Int64
    public var logID: [UInt8]

    public init(signedEntryTimestamp: [UInt8], body: [UInt8], integratedTime: Int64, logIndex: Int64, logID: [UInt8]) {
        self.signedEntryTimestamp = signedEntryTimestamp
        self.body = body
        self.integratedTime = integratedTime
        self.logIndex = logIndex
        self.logID = logID
    }
}
