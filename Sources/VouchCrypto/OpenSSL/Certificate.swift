internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// An X.509 certificate (RFC 5280), parsed once; its fields are plain Swift values.
///
/// ```
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier,
///                            signatureValue BIT STRING }
/// ```
/// Parsing succeeds for any well-formed certificate; whether it is trusted is ``ChainVerifier``'s question. The
/// extensions Vouch interprets (subject alternative names, key usage, extended key usage, basic constraints) must
/// decode, or the certificate is malformed. Two certificates are equal when their DER encodings are.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    let x509: OwnedX509
    /// The DER encoding.
    public let der: [UInt8]
    /// The subject distinguished name in RFC 2253 form (`CN=leaf,O=Example`).
    public let subject: String
    /// The issuer distinguished name in RFC 2253 form.
    public let issuer: String
    /// The serial number as lowercase hex of its magnitude, with `-` in front if negative.
    public let serialNumber: String
    public let notBefore: VerificationTime
    public let notAfter: VerificationTime
    /// Every extension, in certificate order.
    public let extensions: [CertificateExtension]
    /// The subject alternative names of the kinds Vouch matches on; empty when the extension is absent.
    public let subjectAlternativeNames: [SubjectAlternativeName]
    /// The key usage bits, or `nil` when the extension is absent (which leaves the key unrestricted).
    public let keyUsage: Set<KeyUsage>?
    /// The extended key usage purposes as dotted OIDs; empty when the extension is absent.
    public let extendedKeyUsage: [String]
    /// Whether basic constraints mark the certificate as a CA.
    public let isCA: Bool
    private let subjectPublicKey: Result<PublicKey, FindingError>

    /// Parses one DER certificate; the bytes must hold exactly one.
    public init(der: some DataProtocol, input: String) throws(FindingError) {
        let bytes = Array(der)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            guard cursor == base + buffer.count else {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(.cryptoCertificateMalformed, "not a DER X.509 certificate", input: input)
        }
        try self.init(x509: OwnedX509(parsed), der: bytes, input: input)
    }

    /// Every `CERTIFICATE` block of a PEM text, in order; other blocks are ignored.
    ///
    /// - Throws: ``VouchCore/FindingCode/cryptoCertificateMalformed`` when there is no certificate or one of the
    ///   blocks cannot be read.
    public static func parsePEMChain(_ text: String, input: String) throws(FindingError) -> [Certificate] {
        try parsePEMChain(Array(text.utf8), input: input)
    }

    /// Every `CERTIFICATE` block of PEM bytes, in order; other blocks are ignored.
    public static func parsePEMChain(_ data: some DataProtocol, input: String) throws(FindingError) -> [Certificate] {
        let bytes = Array(data)
        let expected = bytes.ranges(of: Array("-----BEGIN CERTIFICATE-----".utf8)).count
        guard expected > 0 else {
            throw FindingError(.cryptoCertificateMalformed, "no PEM CERTIFICATE block found", input: input)
        }
        guard let bio = OwnedBIO(copying: bytes) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a BIO", input: input)
        }
        var certificates: [Certificate] = []
        while true {
            var name: UnsafeMutablePointer<CChar>? = nil
            var header: UnsafeMutablePointer<CChar>? = nil
            var data: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            guard PEM_read_bio(bio.pointer, &name, &header, &data, &length) == 1 else { break }
            defer {
                vouch_openssl_free(name)
                vouch_openssl_free(header)
                vouch_openssl_free(data)
            }
            guard let name, String(cString: name) == "CERTIFICATE" else { continue }
            let der = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            let blockInput = "\(input)#\(certificates.count)"
            certificates.append(try Certificate(der: der, input: blockInput))
        }
        // The loop ends with "no start line" on the queue, or with the reason a block could not be decoded.
        let queue = OpenSSLErrorQueue.drain()
        guard certificates.count == expected else {
            throw FindingError(
                .cryptoCertificateMalformed, "PEM CERTIFICATE block \(certificates.count + 1) cannot be read",
                input: input, details: queue.map { ["openssl": $0] } ?? [:])
        }
        return certificates
    }

    init(x509: OwnedX509, der: [UInt8], input: String) throws(FindingError) {
        self.x509 = x509
        self.der = der
        let pointer = x509.pointer
        subject = try Self.name(X509_get_subject_name(pointer), input: input)
        issuer = try Self.name(X509_get_issuer_name(pointer), input: input)
        serialNumber = Self.serial(X509_get0_serialNumber(pointer))
        guard let notBefore = Self.time(X509_get0_notBefore(pointer)),
            let notAfter = Self.time(X509_get0_notAfter(pointer))
        else {
            throw OpenSSLErrorQueue.error(
                .cryptoCertificateMalformed, "the validity times cannot be read", input: input)
        }
        self.notBefore = notBefore
        self.notAfter = notAfter
        extensions = try Self.extensions(of: pointer, input: input)
        var names: [SubjectAlternativeName] = []
        var usage: Set<KeyUsage>? = nil
        var purposes: [String] = []
        var ca = false
        for item in extensions {
            func malformed() -> FindingError {
                FindingError(
                    .cryptoCertificateMalformed, "extension \(item.oid) cannot be decoded", input: input,
                    details: ["oid": item.oid])
            }
            switch item.oid {
            case OID.subjectAlternativeName:
                guard let decoded = ExtensionDecoder.subjectAlternativeNames(item.value) else { throw malformed() }
                names = decoded
            case OID.keyUsage:
                guard let decoded = ExtensionDecoder.keyUsage(item.value) else { throw malformed() }
                usage = decoded
            case OID.extendedKeyUsage:
                guard let decoded = ExtensionDecoder.extendedKeyUsage(item.value) else { throw malformed() }
                purposes = decoded
            case OID.basicConstraints:
                guard let decoded = ExtensionDecoder.isCA(item.value) else { throw malformed() }
                ca = decoded
            default:
                continue
            }
        }
        subjectAlternativeNames = names
        keyUsage = usage
        extendedKeyUsage = purposes
        isCA = ca
        subjectPublicKey = Self.publicKey(of: pointer, input: input)
        OpenSSLErrorQueue.drain()
    }

    /// The subject public key.
    ///
    /// - Throws: the finding from loading the key, when it is of a kind Vouch does not support; the certificate
    ///   itself still parses so that its other fields can be reported.
    public var publicKey: PublicKey {
        get throws(FindingError) { try subjectPublicKey.get() }
    }

    /// The PEM encoding (`-----BEGIN CERTIFICATE-----`).
    public var pem: String { PEMText.encode(label: "CERTIFICATE", der: der) }

    /// The digest of the DER encoding.
    public func fingerprint(_ algorithm: DigestAlgorithm) -> Digest { Digest.of(der, using: algorithm) }

    /// The extension with the given dotted OID.
    public func `extension`(oid: String) -> CertificateExtension? { extensions.first { $0.oid == oid } }

    /// The text of an extension whose value is a DER UTF8String (Fulcio 1.3.6.1.4.1.57264.1.8 and later).
    public func extensionUTF8String(oid: String) -> String? { `extension`(oid: oid)?.utf8StringValue }

    /// The text of an extension whose value is raw UTF-8 (Fulcio 1.3.6.1.4.1.57264.1.1 to .1.6).
    public func extensionRawString(oid: String) -> String? { `extension`(oid: oid)?.rawStringValue }

    public var description: String { "\(subject) (serial \(serialNumber))" }

    public static func == (lhs: Certificate, rhs: Certificate) -> Bool { lhs.der == rhs.der }

    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    /// The RFC 2253 subject of an OpenSSL certificate.
    static func subjectText(of certificate: OpaquePointer) throws(FindingError) -> String {
        try name(X509_get_subject_name(certificate), input: "certificate")
    }

    private static func name(_ name: OpaquePointer?, input: String) throws(FindingError) -> String {
        guard let name, let bio = OwnedBIO(), X509_NAME_print_ex(bio.pointer, name, 0, vouch_xn_flag_rfc2253()) >= 0
        else {
            throw OpenSSLErrorQueue.error(
                .cryptoCertificateMalformed, "a distinguished name cannot be read", input: input)
        }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    private static func serial(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let integer, let data = ASN1_STRING_get0_data(integer) else { return "" }
        let bytes = UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(integer)))
        let magnitude = Hex.encode(bytes.drop { $0 == 0 })
        let text = magnitude.isEmpty ? "0" : magnitude
        return ASN1_STRING_type(integer) == V_ASN1_NEG_INTEGER ? "-" + text : text
    }

    private static func time(_ time: UnsafePointer<ASN1_TIME>?) -> VerificationTime? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return VerificationTime(secondsSinceEpoch: Int64(timegm(&parts)))
    }

    private static func extensions(
        of certificate: OpaquePointer, input: String
    ) throws(FindingError)
        -> [CertificateExtension]
    {
        var result: [CertificateExtension] = []
        var seen: Set<String> = []
        for index in 0..<max(0, X509_get_ext_count(certificate)) {
            guard let item = X509_get_ext(certificate, index),
                let object = X509_EXTENSION_get_object(item),
                let data = X509_EXTENSION_get_data(item)
            else {
                throw OpenSSLErrorQueue.error(
                    .cryptoCertificateMalformed, "extension \(index) cannot be read", input: input)
            }
            // The OID's content octets, decoded here: OBJ_obj2txt formats through BIO_snprintf, a measurable share of
            // reading a Fulcio certificate with its ten or so extensions.
            let contents = OBJ_get0_data(object).map { Array(UnsafeBufferPointer(start: $0, count: OBJ_length(object))) }
            guard let contents, let oid = DER.objectIdentifierText(contents[...]) else {
                throw FindingError(
                    .cryptoCertificateMalformed, "extension \(index) has an unreadable OID", input: input)
            }
            // RFC 5280 §4.2: a certificate must not include more than one instance of an extension.
            guard seen.insert(oid).inserted else {
                throw FindingError(
                    .cryptoCertificateMalformed, "extension \(oid) appears twice", input: input, details: ["oid": oid])
            }
            let value =
                ASN1_STRING_get0_data(data).map {
                    Array(UnsafeBufferPointer(start: $0, count: Int(ASN1_STRING_length(data))))
                } ?? []
            result.append(
                CertificateExtension(oid: oid, critical: X509_EXTENSION_get_critical(item) == 1, value: value))
        }
        return result
    }

    private static func publicKey(of certificate: OpaquePointer, input: String) -> Result<PublicKey, FindingError> {
        guard let info = X509_get_X509_PUBKEY(certificate) else {
            return .failure(OpenSSLErrorQueue.error(.cryptoCertificateMalformed, "no subject public key", input: input))
        }
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509_PUBKEY(info, &output)
        guard length > 0, let output else {
            return .failure(
                OpenSSLErrorQueue.error(.cryptoKeyMalformed, "the subject public key cannot be read", input: input))
        }
        defer { vouch_openssl_free(output) }
        do {
            let spki = Array(UnsafeBufferPointer(start: output, count: Int(length)))
            return .success(try PublicKey(certificate: certificate, spkiDER: spki, input: input))
        } catch {
            return .failure(error)
        }
    }
}
