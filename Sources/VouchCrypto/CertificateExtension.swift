import VouchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One X.509 v3 extension (RFC 5280 §4.1):
/// ```
/// Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
/// ```
public struct CertificateExtension: Sendable, Hashable {
    /// Dotted object identifier, such as `2.5.29.17`.
    public let oid: String
    public let critical: Bool
    /// The contents of `extnValue`: the DER of the extension's own value.
    public let value: [UInt8]

    public init(oid: String, critical: Bool, value: [UInt8]) {
        self.oid = oid
        self.critical = critical
        self.value = value
    }

    /// The text of a value that is a DER UTF8String (Fulcio extensions 1.3.6.1.4.1.57264.1.8 and later).
    public var utf8StringValue: String? { DER.utf8StringText(value) }

    /// The value bytes read directly as UTF-8 (the deprecated Fulcio extensions 1.3.6.1.4.1.57264.1.1 to .1.6,
    /// which put the text in `extnValue` without any DER wrapping).
    public var rawStringValue: String? { String(validating: value, as: UTF8.self) }
}

/// An entry of the subject alternative name extension (RFC 5280 §4.2.1.6) that Vouch matches identities against.
public enum SubjectAlternativeName: Sendable, Hashable, CustomStringConvertible {
    /// `rfc822Name [1] IA5String`.
    case email(String)
    /// `uniformResourceIdentifier [6] IA5String`.
    case uri(String)
    /// `dNSName [2] IA5String`.
    case dns(String)
    /// `iPAddress [7] OCTET STRING`, as dotted IPv4 or RFC 5952 IPv6 text.
    case ip(String)
    /// `otherName [0] { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }`. `value` is the text of a UTF8String
    /// value, or lowercase hex of the value's DER when it is anything else.
    case otherName(oid: String, value: String)

    public var description: String {
        switch self {
        case .email(let value): "email:\(value)"
        case .uri(let value): "uri:\(value)"
        case .dns(let value): "dns:\(value)"
        case .ip(let value): "ip:\(value)"
        case .otherName(let oid, let value): "otherName:\(oid):\(value)"
        }
    }
}

/// The bits of the key usage extension (RFC 5280 §4.2.1.3).
public enum KeyUsage: String, Sendable, Hashable, CaseIterable {
    case digitalSignature, contentCommitment, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign
    case encipherOnly, decipherOnly
}

/// Well-known object identifiers.
public enum OID {
    public static let subjectAlternativeName = "2.5.29.17"
    public static let keyUsage = "2.5.29.15"
    public static let extendedKeyUsage = "2.5.29.37"
    public static let basicConstraints = "2.5.29.19"
    public static let nameConstraints = "2.5.29.30"
    /// The extended key usage for code signing, `id-kp-codeSigning`.
    public static let codeSigning = "1.3.6.1.5.5.7.3.3"
}

/// Decoders for the extension values Vouch interprets. Each returns `nil` when the value is not strict DER of the
/// expected shape; the caller turns that into a malformed-certificate finding.
enum ExtensionDecoder {
    /// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`; kinds Vouch does not match on are skipped.
    static func subjectAlternativeNames(_ value: [UInt8]) -> [SubjectAlternativeName]? {
        guard let sequence = DER.single(value), sequence.tag == DER.sequence else { return nil }
        var reader = DER.Reader(sequence.value)
        var names: [SubjectAlternativeName] = []
        while !reader.isAtEnd {
            guard let name = reader.read() else { return nil }
            switch name.tag {
            case 0xA0:
                var inner = DER.Reader(name.value)
                guard let typeID = inner.read(tag: DER.objectIdentifier),
                    let oid = DER.objectIdentifierText(typeID.value),
                    let explicit = inner.read(tag: 0xA0), inner.isAtEnd,
                    let wrapped = DER.single(explicit.value)
                else { return nil }
                let text: String
                if wrapped.tag == DER.utf8String {
                    guard let decoded = String(validating: wrapped.value, as: UTF8.self) else { return nil }
                    text = decoded
                } else {
                    text = Hex.encode(explicit.value)
                }
                names.append(.otherName(oid: oid, value: text))
            case 0x81, 0x82, 0x86:
                guard name.value.allSatisfy({ $0 < 0x80 }) else { return nil }
                let text = String(decoding: name.value, as: UTF8.self)
                names.append(name.tag == 0x81 ? .email(text) : name.tag == 0x82 ? .dns(text) : .uri(text))
            case 0x87:
                guard let text = ipText(Array(name.value)) else { return nil }
                names.append(.ip(text))
            default:
                continue
            }
        }
        return names
    }

    /// `KeyUsage ::= BIT STRING`.
    static func keyUsage(_ value: [UInt8]) -> Set<KeyUsage>? {
        guard let bits = DER.single(value), bits.tag == DER.bitString, let unused = bits.value.first, unused < 8
        else { return nil }
        let bytes = Array(bits.value.dropFirst())
        guard !(bytes.isEmpty && unused != 0) else { return nil }
        var usages: Set<KeyUsage> = []
        for (index, usage) in KeyUsage.allCases.enumerated() where index / 8 < bytes.count {
            if bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0 {
                usages.insert(usage)
            }
        }
        return usages
    }

    /// `ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId`.
    static func extendedKeyUsage(_ value: [UInt8]) -> [String]? {
        guard let sequence = DER.single(value), sequence.tag == DER.sequence else { return nil }
        var reader = DER.Reader(sequence.value)
        var oids: [String] = []
        while !reader.isAtEnd {
            guard let element = reader.read(tag: DER.objectIdentifier),
                let oid = DER.objectIdentifierText(element.value)
            else { return nil }
            oids.append(oid)
        }
        return oids
    }

    /// `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }`: the cA flag.
    static func isCA(_ value: [UInt8]) -> Bool? {
        guard let sequence = DER.single(value), sequence.tag == DER.sequence else { return nil }
        var reader = DER.Reader(sequence.value)
        guard let flag = reader.read(tag: DER.boolean) else { return false }
        // DER never encodes the default, and TRUE is 0xFF.
        guard flag.value.count == 1, flag.value.first == 0xFF else { return nil }
        return true
    }

    private static func ipText(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let ok = bytes.withUnsafeBytes { address in
            buffer.withUnsafeMutableBufferPointer { inet_ntop(family, address.baseAddress, $0.baseAddress, 64) != nil }
        }
        guard ok else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
