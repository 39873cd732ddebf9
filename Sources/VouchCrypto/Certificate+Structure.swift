import VouchCore

/// The parts of a certificate's DER that Sigstore checks need byte for byte: the TBSCertificate, the
/// SubjectPublicKeyInfo, and the TBSCertificate of the precertificate an embedded SCT was issued over.
///
/// ```
/// Certificate    ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm, signatureValue }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber, signature, issuer, validity,
///                               subject, subjectPublicKeyInfo, issuerUniqueID [1] OPTIONAL,
///                               subjectUniqueID [2] OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
/// ```
extension Certificate {
    /// OID of the embedded SCT list extension (RFC 6962 §3.3).
    public static let signedCertificateTimestampListOID = "1.3.6.1.4.1.11129.2.4.2"

    /// The DER of the TBSCertificate, exactly as signed.
    public var tbsCertificateDER: [UInt8] {
        get throws(FindingError) { Array(try structure().tbs.encoded) }
    }

    /// The DER of the SubjectPublicKeyInfo, even for key types Vouch does not verify with.
    public var subjectPublicKeyInfoDER: [UInt8] {
        get throws(FindingError) {
            let fields = try structure().fields
            let offset = fields.first?.tag == 0xA0 ? 1 : 0
            guard fields.count > offset + 5, fields[offset + 5].tag == DER.sequence else {
                throw malformed("the certificate has no SubjectPublicKeyInfo")
            }
            return Array(fields[offset + 5].encoded)
        }
    }

    /// Whether subject and issuer name the same entity: a root or other self-issued certificate.
    public var isSelfIssued: Bool { subject == issuer }

    /// The TBSCertificate with the SCT list extension removed: what a CT log signed for an embedded SCT
    /// (RFC 6962 §3.2). The order of the other extensions is kept.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoCertificateMalformed`` when the DER cannot be taken apart.
    public func precertificateTBS() throws(FindingError) -> [UInt8] {
        let fields = try structure().fields
        guard let last = fields.last, last.tag == 0xA3 else { return try tbsCertificateDER }
        guard let extensionList = DER.single(last.value), extensionList.tag == DER.sequence,
            let entries = DERChildren.split(extensionList.value)
        else { throw malformed("the extensions cannot be decoded") }
        var kept: [ArraySlice<UInt8>] = []
        var keptLength = 0
        for entry in entries {
            var reader = DER.Reader(entry.value)
            guard entry.tag == DER.sequence, DERChildren.split(entry.value) != nil,
                let oid = reader.read(tag: DER.objectIdentifier), DER.isMinimalObjectIdentifier(oid.value)
            else { throw malformed("an extension cannot be decoded") }
            if !oid.value.elementsEqual(Self.signedCertificateTimestampListOIDValue) {
                kept.append(entry.encoded)
                keptLength += entry.encoded.count
            }
        }
        // SEQUENCE { the fields before the extensions, [3] { SEQUENCE { the kept extensions } } }, written once.
        var content: [UInt8] = []
        content.reserveCapacity(der.count)
        for field in fields.dropLast() { content.append(contentsOf: field.encoded) }
        if !kept.isEmpty {
            let listHeader = [DER.sequence] + DER.encodeLength(keptLength)
            content.append(0xA3)
            content += DER.encodeLength(listHeader.count + keptLength)
            content += listHeader
            for entry in kept { content.append(contentsOf: entry) }
        }
        var encoded = [DER.sequence] + DER.encodeLength(content.count)
        encoded.reserveCapacity(encoded.count + content.count)
        encoded += content
        return encoded
    }

    /// The value bytes of the SCT list extension's OID, 1.3.6.1.4.1.11129.2.4.2.
    private static let signedCertificateTimestampListOIDValue: [UInt8] = [
        0x2B, 0x06, 0x01, 0x04, 0x01, 0xD6, 0x79, 0x02, 0x04, 0x02,
    ]

    private func structure() throws(FindingError) -> (tbs: DERChildren.Child, fields: [DERChildren.Child]) {
        guard let outer = DER.single(der), outer.tag == DER.sequence,
            let parts = DERChildren.split(outer.value), parts.count == 3, parts[0].tag == DER.sequence,
            let fields = DERChildren.split(parts[0].value)
        else { throw malformed("the certificate DER cannot be taken apart") }
        return (parts[0], fields)
    }

    private func malformed(_ message: String) -> FindingError {
        FindingError(.cryptoCertificateMalformed, message, input: subject)
    }
}

/// Splits the contents of a constructed DER value into its elements, keeping each element's full encoding.
enum DERChildren {
    struct Child {
        var tag: UInt8
        /// Tag, length and value.
        var encoded: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
    }

    /// The elements of `content`, or `nil` when it is not a run of strict-DER elements.
    static func split(_ content: ArraySlice<UInt8>) -> [Child]? {
        var reader = DER.Reader(content)
        var start = content.startIndex
        var children: [Child] = []
        while !reader.isAtEnd {
            guard let element = reader.read() else { return nil }
            children.append(
                Child(tag: element.tag, encoded: content[start..<element.value.endIndex], value: element.value))
            start = element.value.endIndex
        }
        return children
    }
}
