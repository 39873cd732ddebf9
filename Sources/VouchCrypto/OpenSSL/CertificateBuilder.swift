internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// Issues X.509 v3 certificates: the test CAs, Fulcio-style leaves and TSA certificates of a virtual Sigstore.
///
/// ```swift
/// var builder = CertificateBuilder(subject: [("O", "example"), ("CN", "root")], publicKey: root.publicKey,
///                                  notBefore: start, notAfter: end)
/// builder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign, .cRLSign])]
/// let certificate = try builder.signed(by: root, issuer: nil)
/// ```
/// Extensions are written in the order given, which keeps a precertificate's TBSCertificate reproducible when an
/// SCT list is appended afterwards.
/// - Warning: this issues certificates; it exists for tests and private test authorities, never for verification.
public struct CertificateBuilder: Sendable {
    /// Relative distinguished names in order, as (short name, value): `("O", "sigstore.dev")`, `("CN", "x")`.
    /// Empty for Fulcio-style leaves.
    public var subject: [(String, String)]
    /// The serial number's magnitude, big-endian.
    public var serialNumber: [UInt8]
    public var notBefore: VerificationTime
    public var notAfter: VerificationTime
    public var publicKey: PublicKey
    public var extensions: [CertificateExtension]

    public init(
        subject: [(String, String)], serialNumber: [UInt8] = [1], publicKey: PublicKey,
        notBefore: VerificationTime, notAfter: VerificationTime, extensions: [CertificateExtension] = []
    ) {
        self.subject = subject
        self.serialNumber = serialNumber
        self.publicKey = publicKey
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.extensions = extensions
    }

    /// Signs the certificate with `key`, naming `issuer`'s subject as issuer, or the certificate's own subject when
    /// `issuer` is `nil` (self-signed). ECDSA and RSA sign with `digest`; Ed25519 ignores it.
    public func signed(
        by key: PrivateKey, issuer: Certificate?, digest: DigestAlgorithm = .sha256
    ) throws(FindingError) -> Certificate {
        try Certificate(owning: try build(by: key, issuer: issuer, digest: digest), input: "certificate builder")
    }

    /// The DER of the signed certificate, not parsed back: for tests of certificates Vouch must refuse (an
    /// undecodable extension, a duplicate one).
    public func signedDER(
        by key: PrivateKey, issuer: Certificate?, digest: DigestAlgorithm = .sha256
    ) throws(FindingError) -> [UInt8] {
        let certificate = try build(by: key, issuer: issuer, digest: digest)
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(certificate.pointer, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(
                .cryptoCertificateMalformed, "the certificate cannot be encoded", input: "certificate builder")
        }
        defer { vouch_openssl_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    private func build(
        by key: PrivateKey, issuer: Certificate?, digest: DigestAlgorithm
    ) throws(FindingError) -> OwnedX509 {
        let input = "certificate builder"
        guard let raw = X509_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a certificate", input: input)
        }
        let certificate = OwnedX509(raw)
        guard X509_set_version(raw, 2) == 1, setSerial(raw), let name = X509_NAME_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot set the serial number", input: input)
        }
        defer { X509_NAME_free(name) }
        for (field, value) in subject {
            let added = value.withCString { text in
                text.withMemoryRebound(to: UInt8.self, capacity: value.utf8.count) {
                    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, $0, -1, -1, 0)
                }
            }
            guard added == 1 else {
                throw OpenSSLErrorQueue.error(
                    .cryptoCertificateMalformed, "cannot add the name attribute \(field)", input: input)
            }
        }
        let issuerName = issuer.map { X509_get_subject_name($0.x509.pointer) } ?? name
        guard X509_set_subject_name(raw, name) == 1, X509_set_issuer_name(raw, issuerName) == 1,
            ASN1_TIME_set(X509_getm_notBefore(raw), time_t(notBefore.secondsSinceEpoch)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(raw), time_t(notAfter.secondsSinceEpoch)) != nil,
            X509_set_pubkey(raw, publicKey.key.pointer) == 1
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot set the certificate fields", input: input)
        }
        for item in extensions {
            try add(item, to: raw, input: input)
        }
        let md = key.kind == .ed25519 ? nil : digest.evpMD
        guard X509_sign(raw, key.key.pointer, md) > 0 else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot sign the certificate", input: input)
        }
        return certificate
    }

    private func setSerial(_ certificate: OpaquePointer) -> Bool {
        guard let number = serialNumber.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) })
        else { return false }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else { return false }
        defer { ASN1_INTEGER_free(integer) }
        return X509_set_serialNumber(certificate, integer) == 1
    }

    private func add(_ item: CertificateExtension, to certificate: OpaquePointer, input: String) throws(FindingError) {
        guard let object = OBJ_txt2obj(item.oid, 1) else {
            throw OpenSSLErrorQueue.error(
                .cryptoCertificateMalformed, "invalid extension OID \(item.oid)", input: input)
        }
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate an OCTET STRING", input: input)
        }
        defer { ASN1_OCTET_STRING_free(octets) }
        guard ASN1_OCTET_STRING_set(octets, item.value, Int32(item.value.count)) == 1,
            let created = X509_EXTENSION_create_by_OBJ(nil, object, item.critical ? 1 : 0, octets)
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot build extension \(item.oid)", input: input)
        }
        defer { X509_EXTENSION_free(created) }
        guard X509_add_ext(certificate, created, -1) == 1 else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot add extension \(item.oid)", input: input)
        }
    }
}

extension Certificate {
    /// Wraps an OpenSSL certificate, taking its DER encoding from OpenSSL.
    init(owning x509: OwnedX509, input: String) throws(FindingError) {
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(x509.pointer, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(
                .cryptoCertificateMalformed, "the certificate cannot be encoded", input: input)
        }
        let der = Array(UnsafeBufferPointer(start: output, count: Int(length)))
        vouch_openssl_free(output)
        try self.init(x509: x509, der: der, input: input)
    }
}
