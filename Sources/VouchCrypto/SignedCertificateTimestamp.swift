import VouchCore

/// A Signed Certificate Timestamp embedded in a certificate (RFC 6962 §3.2, §3.3), in its TLS encoding:
///
/// ```
/// SignedCertificateTimestampList = uint16 length, then SerializedSCT entries (each uint16 length + SCT)
/// SCT = uint8 version (0) || opaque log_id[32] || uint64 timestamp (ms) || opaque extensions<0..2^16-1>
///       || digitally-signed { uint8 hash, uint8 signature, opaque signature<0..2^16-1> }
/// ```
/// The certificate's extension 1.3.6.1.4.1.11129.2.4.2 holds the list inside a DER OCTET STRING. Verifying an SCT
/// means checking ``signedData(precertificateTBS:issuerKeyHash:)`` with the key of the log named by ``logID``.
public struct SignedCertificateTimestamp: Sendable, Hashable {
    /// `0` for v1, the only version defined.
    public var version: UInt8
    /// SHA-256 of the log's SubjectPublicKeyInfo.
    public var logID: [UInt8]
    /// Milliseconds since the epoch.
    public var timestampMilliseconds: UInt64
    /// The `CtExtensions` bytes, signed with the rest (Static CT logs put the leaf index here).
    public var extensions: [UInt8]
    /// TLS `HashAlgorithm`: 4 is SHA-256.
    public var hashAlgorithm: UInt8
    /// TLS `SignatureAlgorithm`: 1 RSA, 3 ECDSA.
    public var signatureAlgorithm: UInt8
    public var signature: [UInt8]

    public init(
        version: UInt8 = 0, logID: [UInt8], timestampMilliseconds: UInt64, extensions: [UInt8] = [],
        hashAlgorithm: UInt8 = 4, signatureAlgorithm: UInt8 = 3, signature: [UInt8]
    ) {
        self.version = version
        self.logID = logID
        self.timestampMilliseconds = timestampMilliseconds
        self.extensions = extensions
        self.hashAlgorithm = hashAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
    }

    /// The time of the SCT in whole seconds (the milliseconds are dropped).
    public var time: VerificationTime {
        VerificationTime(secondsSinceEpoch: Int64(clamping: timestampMilliseconds / 1000))
    }

    /// The digest the signature uses, or `nil` for a TLS hash algorithm Vouch does not accept.
    public var digestAlgorithm: DigestAlgorithm? {
        switch hashAlgorithm {
        case 4: .sha256
        case 5: .sha384
        case 6: .sha512
        default: nil
        }
    }

    /// The bytes the log signed for a precertificate entry (RFC 6962 §3.2 `digitally-signed struct`).
    ///
    /// - Parameters:
    ///   - precertificateTBS: the leaf's TBSCertificate without the SCT list (``Certificate/precertificateTBS()``).
    ///   - issuerKeyHash: SHA-256 of the issuing CA's SubjectPublicKeyInfo.
    public func signedData(precertificateTBS: [UInt8], issuerKeyHash: [UInt8]) -> [UInt8] {
        var data: [UInt8] = [version, 0]  // certificate_timestamp
        data += TLS.uint(timestampMilliseconds, bytes: 8)
        data += TLS.uint(1, bytes: 2)  // precert_entry
        data += issuerKeyHash
        data += TLS.uint(UInt64(precertificateTBS.count), bytes: 3) + precertificateTBS
        data += TLS.uint(UInt64(extensions.count), bytes: 2) + extensions
        return data
    }

    /// The TLS encoding of this SCT.
    public var serialized: [UInt8] {
        [version] + logID + TLS.uint(timestampMilliseconds, bytes: 8)
            + TLS.uint(UInt64(extensions.count), bytes: 2) + extensions
            + [hashAlgorithm, signatureAlgorithm] + TLS.uint(UInt64(signature.count), bytes: 2) + signature
    }

    /// The `extnValue` contents for a list of SCTs: a DER OCTET STRING around the TLS list.
    public static func listExtensionValue(_ timestamps: [SignedCertificateTimestamp]) -> [UInt8] {
        let entries = timestamps.flatMap { TLS.uint(UInt64($0.serialized.count), bytes: 2) + $0.serialized }
        return DEREncoder.octetString(TLS.uint(UInt64(entries.count), bytes: 2) + entries)
    }

    /// Parses the `extnValue` contents of the SCT list extension; `nil` when it is not well formed.
    public static func parseList(extensionValue: [UInt8]) -> [SignedCertificateTimestamp]? {
        guard let octets = DER.single(extensionValue), octets.tag == DER.octetString else { return nil }
        var reader = TLS.Reader(Array(octets.value))
        guard let list = reader.opaque(lengthBytes: 2), reader.isAtEnd, !list.isEmpty else { return nil }
        var entries = TLS.Reader(list)
        var result: [SignedCertificateTimestamp] = []
        while !entries.isAtEnd {
            guard let serialized = entries.opaque(lengthBytes: 2), let parsed = parse(serialized) else { return nil }
            result.append(parsed)
        }
        return result
    }

    private static func parse(_ bytes: [UInt8]) -> SignedCertificateTimestamp? {
        var reader = TLS.Reader(bytes)
        guard let version = reader.bytes(1)?.first, let logID = reader.bytes(32),
            let timestamp = reader.uint(bytes: 8), let extensions = reader.opaque(lengthBytes: 2),
            let algorithms = reader.bytes(2), let signature = reader.opaque(lengthBytes: 2), reader.isAtEnd
        else { return nil }
        return SignedCertificateTimestamp(
            version: version, logID: logID, timestampMilliseconds: timestamp, extensions: extensions,
            hashAlgorithm: algorithms[0], signatureAlgorithm: algorithms[1], signature: signature)
    }
}

extension Certificate {
    /// The SCTs embedded in the certificate; empty when it has no SCT list extension.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoCertificateMalformed`` when the extension cannot be decoded.
    public func embeddedSCTs() throws(FindingError) -> [SignedCertificateTimestamp] {
        guard let item = `extension`(oid: Self.signedCertificateTimestampListOID) else { return [] }
        guard let list = SignedCertificateTimestamp.parseList(extensionValue: item.value) else {
            throw FindingError(
                .cryptoCertificateMalformed, "the SCT list extension cannot be decoded", input: subject,
                details: ["oid": item.oid])
        }
        return list
    }
}

/// The TLS presentation-language integers and vectors (RFC 8446 §3) that SCTs use.
enum TLS {
    static func uint(_ value: UInt64, bytes count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    struct Reader {
        private let bytes: [UInt8]
        private var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { index == bytes.count }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - index >= count else { return nil }
            defer { index += count }
            return Array(bytes[index..<index + count])
        }

        mutating func uint(bytes count: Int) -> UInt64? {
            guard let raw = bytes(count) else { return nil }
            return raw.reduce(0) { $0 << 8 | UInt64($1) }
        }

        /// A vector with a `lengthBytes`-byte length prefix.
        mutating func opaque(lengthBytes: Int) -> [UInt8]? {
            guard let length = uint(bytes: lengthBytes) else { return nil }
            return bytes(Int(length))
        }
    }
}
