import VouchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CertificateExtension {
    /// Subject alternative names (RFC 5280 §4.2.1.6). Fulcio marks the extension critical when the subject is empty.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoCertificateMalformed`` for an otherName OID or IP text that cannot
    ///   be encoded.
    public static func subjectAlternativeNames(
        _ names: [SubjectAlternativeName], critical: Bool
    ) throws(FindingError) -> CertificateExtension {
        var encoded: [[UInt8]] = []
        for name in names {
            switch name {
            case .email(let text): encoded.append(DEREncoder.element(0x81, Array(text.utf8)))
            case .dns(let text): encoded.append(DEREncoder.element(0x82, Array(text.utf8)))
            case .uri(let text): encoded.append(DEREncoder.element(0x86, Array(text.utf8)))
            case .ip(let text):
                guard let bytes = IPAddressText.bytes(text) else { throw unencodable("IP address \(text)") }
                encoded.append(DEREncoder.element(0x87, bytes))
            case .otherName(let oid, let value):
                guard let typeID = DEREncoder.objectIdentifier(oid) else { throw unencodable("otherName OID \(oid)") }
                encoded.append(
                    DEREncoder.element(0xA0, typeID + DEREncoder.element(0xA0, DEREncoder.utf8String(value))))
            }
        }
        return CertificateExtension(
            oid: OID.subjectAlternativeName, critical: critical, value: DEREncoder.sequence(encoded))
    }

    /// Extended key usage with the given purpose OIDs.
    public static func extendedKeyUsage(
        _ purposes: [String], critical: Bool = false
    ) throws(FindingError)
        -> CertificateExtension
    {
        var encoded: [[UInt8]] = []
        for purpose in purposes {
            guard let oid = DEREncoder.objectIdentifier(purpose) else { throw unencodable("key purpose \(purpose)") }
            encoded.append(oid)
        }
        return CertificateExtension(oid: OID.extendedKeyUsage, critical: critical, value: DEREncoder.sequence(encoded))
    }

    /// Key usage bits, always critical as RFC 5280 recommends.
    public static func keyUsage(_ usages: Set<KeyUsage>) -> CertificateExtension {
        var bytes: [UInt8] = [0, 0]
        var highest = -1
        for (index, usage) in KeyUsage.allCases.enumerated() where usages.contains(usage) {
            bytes[index / 8] |= 0x80 >> UInt8(index % 8)
            highest = index
        }
        // DER drops trailing zero bytes and counts the unused bits of the last one.
        let used = highest < 0 ? 0 : highest / 8 + 1
        let unused = highest < 0 ? 0 : 7 - highest % 8
        let content = [UInt8(unused)] + bytes.prefix(used)
        return CertificateExtension(
            oid: OID.keyUsage, critical: true, value: DEREncoder.element(DER.bitString, content))
    }

    /// Basic constraints; critical as RFC 5280 requires for CA certificates.
    public static func basicConstraints(isCA: Bool, pathLength: Int? = nil) -> CertificateExtension {
        var content: [[UInt8]] = []
        if isCA { content.append(DEREncoder.boolean(true)) }
        if let pathLength { content.append(DEREncoder.integer(UInt64(max(0, pathLength)))) }
        return CertificateExtension(
            oid: OID.basicConstraints, critical: true, value: DEREncoder.sequence(content))
    }

    /// An extension whose value is a DER UTF8String (Fulcio 1.3.6.1.4.1.57264.1.8 and later).
    public static func utf8String(oid: String, _ text: String, critical: Bool = false) -> CertificateExtension {
        CertificateExtension(oid: oid, critical: critical, value: DEREncoder.utf8String(text))
    }

    /// An extension whose value is the raw UTF-8 of `text` (the deprecated Fulcio 1.3.6.1.4.1.57264.1.1 to .1.6).
    public static func rawString(oid: String, _ text: String, critical: Bool = false) -> CertificateExtension {
        CertificateExtension(oid: oid, critical: critical, value: Array(text.utf8))
    }

    private static func unencodable(_ what: String) -> FindingError {
        FindingError(.cryptoCertificateMalformed, "cannot encode \(what)", input: "certificate extension")
    }
}

/// IPv4 and IPv6 text to address bytes, for building `iPAddress` names.
enum IPAddressText {
    static func bytes(_ text: String) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16)
        for (family, count) in [(AF_INET, 4), (AF_INET6, 16)] {
            let parsed = buffer.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) }
            if parsed == 1 { return Array(buffer.prefix(count)) }
        }
        return nil
    }
}
