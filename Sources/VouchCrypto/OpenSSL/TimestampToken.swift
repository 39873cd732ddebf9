internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// An RFC 3161 time-stamp response, parsed; the questions a verifier asks of it are methods.
///
/// ```
/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
/// PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
/// TimeStampToken ::= ContentInfo   -- CMS SignedData whose content is TSTInfo
/// TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
///                        serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
///                        ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL,
///                        extensions [1] IMPLICIT Extensions OPTIONAL }
/// ```
/// Parsing accepts any well-formed granted response; whether it is trusted is the caller's question, answered with
/// ``checkSigner(among:)`` plus a chain check of the signer at ``genTime``. The CMS structure is decoded once and
/// kept (OpenSSL decodes every embedded certificate, which is slow in OpenSSL 3.0).
public struct TimestampToken: Sendable, Hashable {
    /// The whole TimeStampResp DER.
    public let responseDER: [UInt8]
    /// The TimeStampToken (CMS ContentInfo) DER.
    public let tokenDER: [UInt8]
    /// PKIStatus: 0 granted, 1 granted with modifications.
    public let status: Int
    /// When the TSA says the imprint existed (fractions of a second are dropped).
    public let genTime: VerificationTime
    /// Dotted OID of the message imprint's hash algorithm.
    public let messageImprintAlgorithmOID: String
    /// The hashed message.
    public let messageImprint: [UInt8]
    /// Dotted OID of the TSA policy under which the token was issued.
    public let policyOID: String
    /// The token's serial number as lowercase hex.
    public let serialNumber: String
    /// The nonce as lowercase hex, when the request carried one.
    public let nonce: String?
    /// Certificates carried in the token (often the TSA's chain, sometimes none).
    public let embeddedCertificates: [Certificate]
    private let cms: SharedCMS

    /// The imprint's hash algorithm, or `nil` for one Vouch does not know.
    public var messageImprintAlgorithm: DigestAlgorithm? { DigestAlgorithm(oid: messageImprintAlgorithmOID) }

    /// Parses a DER TimeStampResp.
    ///
    /// - Throws: ``TimestampTokenError`` when the bytes are not a time-stamp response, the status is not granted,
    ///   the token is missing or not a TSTInfo in CMS SignedData, or it does not have exactly one signer.
    public init(responseDER: [UInt8]) throws(TimestampTokenError) {
        self.responseDER = responseDER
        guard let response = DER.single(responseDER), response.tag == DER.sequence,
            let parts = DERChildren.split(response.value), !parts.isEmpty, parts.count <= 2,
            parts[0].tag == DER.sequence, let statusParts = DERChildren.split(parts[0].value),
            let statusInteger = statusParts.first, statusInteger.tag == DER.integer,
            statusInteger.value.count == 1
        else { throw TimestampTokenError("not a DER RFC 3161 time-stamp response") }
        status = Int(statusInteger.value.first!)
        guard status == 0 || status == 1 else {
            throw TimestampTokenError("the time-stamp request was not granted", details: ["status": String(status)])
        }
        guard parts.count == 2, parts[1].tag == DER.sequence else {
            throw TimestampTokenError("the response carries no time-stamp token")
        }
        tokenDER = Array(parts[1].encoded)
        let cms = try OwnedCMS(tokenDER: tokenDER)
        guard let contentType = CMS_get0_eContentType(cms.pointer), OBJ_obj2nid(contentType) == NID_id_smime_ct_TSTInfo,
            let content = CMS_get0_content(cms.pointer)?.pointee
        else { throw TimestampTokenError("the token's content is not a TSTInfo") }
        let infoDER = Self.bytes(of: content)
        let decoded: OpaquePointer? = infoDER.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_TS_TST_INFO(nil, &cursor, buffer.count)
        }
        guard let decoded else { throw TimestampTokenError.openSSL("the TSTInfo cannot be decoded") }
        defer { TS_TST_INFO_free(decoded) }
        let info = decoded

        guard let time = TS_TST_INFO_get_time(info), let seconds = Self.seconds(time) else {
            throw TimestampTokenError("the token's genTime cannot be read")
        }
        genTime = VerificationTime(secondsSinceEpoch: seconds)
        guard let imprint = TS_TST_INFO_get_msg_imprint(info), let algorithm = TS_MSG_IMPRINT_get_algo(imprint),
            let message = TS_MSG_IMPRINT_get_msg(imprint)
        else { throw TimestampTokenError("the token has no message imprint") }
        var algorithmObject: OpaquePointer? = nil
        X509_ALGOR_get0(&algorithmObject, nil, nil, algorithm)
        messageImprintAlgorithmOID = Self.oidText(algorithmObject)
        messageImprint = Self.bytes(of: message)
        policyOID = Self.oidText(TS_TST_INFO_get_policy_id(info))
        serialNumber = TS_TST_INFO_get_serial(info).map { Hex.encode(Self.bytes(of: $0)) } ?? ""
        nonce = TS_TST_INFO_get_nonce(info).map { Hex.encode(Self.bytes(of: $0)) }

        guard let signerInfos = CMS_get0_SignerInfos(cms.pointer), OPENSSL_sk_num(signerInfos) == 1 else {
            throw TimestampTokenError("a time-stamp token must have exactly one signer")
        }
        var certificates: [Certificate] = []
        if let stack = CMS_get1_certs(cms.pointer) {
            for owned in OwnedX509Stack(stack).certificates {
                guard let certificate = try? Certificate(owning: owned, input: "time-stamp token certificate") else {
                    throw TimestampTokenError("a certificate in the token cannot be read")
                }
                certificates.append(certificate)
            }
        }
        embeddedCertificates = certificates
        self.cms = SharedCMS(cms)
        OpenSSLErrorQueue.drain()
    }

    /// Finds the signer among `candidates` (the certificate the SignerInfo names by issuer and serial number or by
    /// subject key identifier) and checks, for it, the CMS signature (signed attributes and content digest) and the
    /// ESS signing-certificate binding. The signer's chain is not checked here.
    ///
    /// - Returns: `nil` when no candidate is the signer.
    public func checkSigner(among candidates: [Certificate]) -> TimestampSignerCheck? {
        cms.withCMS { cms in
            defer { OpenSSLErrorQueue.drain() }
            guard let info = Self.signerInfo(cms),
                let signer = candidates.first(where: { CMS_SignerInfo_cert_cmp(info, $0.x509.pointer) == 0 })
            else { return nil }
            let binding = Self.binding(info, signer: signer)
            guard let stack = OwnedX509Stack([signer.x509]) else {
                return TimestampSignerCheck(
                    signer: signer, signatureFailure: "cannot allocate a certificate stack", binding: binding)
            }
            let flags = UInt32(CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN | CMS_BINARY)
            let result = CMS_verify(cms.pointer, stack.pointer, nil, nil, nil, flags)
            let queue = OpenSSLErrorQueue.drain()
            return TimestampSignerCheck(
                signer: signer, signatureFailure: result == 1 ? nil : (queue ?? "the signature does not verify"),
                binding: binding)
        }
    }

    public static func == (lhs: TimestampToken, rhs: TimestampToken) -> Bool { lhs.responseDER == rhs.responseDER }

    public func hash(into hasher: inout Hasher) { hasher.combine(responseDER) }

    /// How the ESS signing-certificate attribute (RFC 2634 / RFC 5035) binds the signature to `signer`.
    private static func binding(_ info: OpaquePointer, signer: Certificate) -> SigningCertificateBinding {
        for (nid, version) in [(NID_id_smime_aa_signingCertificateV2, 2), (NID_id_smime_aa_signingCertificate, 1)] {
            let location = CMS_signed_get_attr_by_NID(info, nid, -1)
            guard location >= 0 else { continue }
            guard let attribute = CMS_signed_get_attr(info, location),
                let value = X509_ATTRIBUTE_get0_type(attribute, 0)
            else { return .malformed }
            var output: UnsafeMutablePointer<UInt8>? = nil
            let length = i2d_ASN1_TYPE(value, &output)
            guard length > 0, let output else { return .malformed }
            let der = Array(UnsafeBufferPointer(start: output, count: Int(length)))
            vouch_openssl_free(output)
            return ESSSigningCertificate.binding(der, version: version, signer: signer)
        }
        return .missing
    }

    private static func signerInfo(_ cms: OwnedCMS) -> OpaquePointer? {
        guard let infos = CMS_get0_SignerInfos(cms.pointer), OPENSSL_sk_num(infos) == 1,
            let raw = OPENSSL_sk_value(infos, 0)
        else { return nil }
        return OpaquePointer(raw)
    }

    private static func seconds(_ time: UnsafePointer<ASN1_GENERALIZEDTIME>) -> Int64? {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }

    private static func oidText(_ object: OpaquePointer?) -> String {
        guard let object else { return "" }
        var buffer = [CChar](repeating: 0, count: 128)
        let length = buffer.withUnsafeMutableBufferPointer { OBJ_obj2txt($0.baseAddress, 128, object, 1) }
        guard length > 0, length < 128 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        guard let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func bytes(of string: UnsafeMutablePointer<ASN1_STRING>) -> [UInt8] {
        bytes(of: UnsafePointer(string))
    }
}
