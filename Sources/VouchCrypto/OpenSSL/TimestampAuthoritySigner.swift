internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// Issues RFC 3161 time-stamp responses at a chosen time: the time-stamp authority of a virtual Sigstore.
///
/// The signer certificate must carry the critical, sole extended key usage `id-kp-timeStamping`, as RFC 3161 §2.3
/// demands; OpenSSL refuses others. Responses carry the ESS signingCertificateV2 attribute with SHA-256.
/// - Warning: this signs time-stamps; it exists for tests and private test authorities, never for verification.
public struct TimestampAuthoritySigner: Sendable {
    public var certificate: Certificate
    public var key: PrivateKey
    /// Certificates added to the token, after the signer, when the request asks for certificates.
    public var chain: [Certificate]
    /// Dotted OID of the policy the tokens name (Sigstore's TSA uses 1.3.6.1.4.1.57264.2).
    public var policyOID: String

    public init(certificate: Certificate, key: PrivateKey, chain: [Certificate] = [], policyOID: String) {
        self.certificate = certificate
        self.key = key
        self.chain = chain
        self.policyOID = policyOID
    }

    /// A DER TimeStampResp over `message`, dated `time`.
    ///
    /// - Parameters:
    ///   - message: the bytes to time-stamp (Sigstore time-stamps the signature bytes).
    ///   - imprintAlgorithm: the hash of the message imprint.
    ///   - includeCertificates: whether the token embeds the signer certificate and ``chain``.
    ///   - nonce: an optional request nonce.
    public func timestamp(
        _ message: [UInt8], at time: VerificationTime, imprintAlgorithm: DigestAlgorithm = .sha256,
        includeCertificates: Bool = true, nonce: UInt64? = nil
    ) throws(FindingError) -> [UInt8] {
        let input = "time-stamp authority"
        let request = try requestDER(
            message, imprintAlgorithm: imprintAlgorithm, certificates: includeCertificates,
            nonce: nonce, input: input)
        guard let context = TS_RESP_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a TS_RESP_CTX", input: input)
        }
        defer { TS_RESP_CTX_free(context) }
        guard let policy = OBJ_txt2obj(policyOID, 1) else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "invalid policy OID \(policyOID)", input: input)
        }
        defer { ASN1_OBJECT_free(policy) }
        let signerDigest = key.kind == .ed25519 ? nil : (key.kind == .ecP384 ? EVP_sha384() : EVP_sha256())
        guard TS_RESP_CTX_set_signer_cert(context, certificate.x509.pointer) == 1,
            TS_RESP_CTX_set_signer_key(context, key.key.pointer) == 1,
            signerDigest.map({ TS_RESP_CTX_set_signer_digest(context, $0) == 1 }) ?? true,
            TS_RESP_CTX_set_ess_cert_id_digest(context, EVP_sha256()) == 1,
            TS_RESP_CTX_set_def_policy(context, policy) == 1,
            TS_RESP_CTX_add_md(context, EVP_sha256()) == 1, TS_RESP_CTX_add_md(context, EVP_sha384()) == 1,
            TS_RESP_CTX_add_md(context, EVP_sha512()) == 1, TS_RESP_CTX_add_md(context, EVP_sha1()) == 1
        else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot configure the TSA", input: input)
        }
        if !chain.isEmpty {
            guard let stack = OwnedX509Stack(chain.map(\.x509)), TS_RESP_CTX_set_certs(context, stack.pointer) == 1
            else { throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot add the TSA chain", input: input) }
        }
        // The time comes from the caller, never from the clock: the callback reads it through its data pointer.
        let seconds = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        defer { seconds.deallocate() }
        seconds.pointee = time.secondsSinceEpoch
        TS_RESP_CTX_set_time_cb(
            context,
            { _, data, secondsOut, microsecondsOut in
                guard let data, let secondsOut, let microsecondsOut else { return 0 }
                secondsOut.pointee = Int(data.assumingMemoryBound(to: Int64.self).pointee)
                microsecondsOut.pointee = 0
                return 1
            }, seconds)
        // A serial number unique per message and time (RFC 3161 §2.4.2), passed to the callback the same way.
        let serial = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { serial.deallocate() }
        serial.pointee =
            Digest.of(message + TLS.uint(UInt64(bitPattern: time.secondsSinceEpoch), bytes: 8), using: .sha256)
            .bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } >> 1
        TS_RESP_CTX_set_serial_cb(
            context,
            { _, data in
                guard let data, let integer = ASN1_INTEGER_new() else { return nil }
                guard ASN1_INTEGER_set_uint64(integer, data.assumingMemoryBound(to: UInt64.self).pointee) == 1 else {
                    ASN1_INTEGER_free(integer)
                    return nil
                }
                return integer
            }, serial)
        guard let requestBIO = OwnedBIO(copying: request),
            let response = TS_RESP_create_response(context, requestBIO.pointer)
        else { throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot create the response", input: input) }
        let owned = OwnedTSResponse(response)
        if let info = TS_RESP_get_status_info(owned.pointer), let status = TS_STATUS_INFO_get0_status(info),
            ASN1_INTEGER_get(status) > 1
        {
            throw OpenSSLErrorQueue.error(
                .cryptoOpenSSLFailure, "the TSA refused the request", input: input,
                details: ["status": String(ASN1_INTEGER_get(status))])
        }
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_TS_RESP(owned.pointer, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot encode the response", input: input)
        }
        defer { vouch_openssl_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    private func requestDER(
        _ message: [UInt8], imprintAlgorithm: DigestAlgorithm, certificates: Bool, nonce: UInt64?, input: String
    ) throws(FindingError) -> [UInt8] {
        guard let request = TS_REQ_new(), let imprint = TS_MSG_IMPRINT_new(), let algorithm = X509_ALGOR_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a request", input: input)
        }
        defer {
            TS_REQ_free(request)
            TS_MSG_IMPRINT_free(imprint)
            X509_ALGOR_free(algorithm)
        }
        var hash = Digest.of(message, using: imprintAlgorithm).bytes
        let hashLength = Int32(hash.count)
        guard X509_ALGOR_set0(algorithm, OBJ_nid2obj(EVP_MD_get_type(imprintAlgorithm.evpMD)), V_ASN1_NULL, nil) == 1,
            TS_MSG_IMPRINT_set_algo(imprint, algorithm) == 1,
            TS_MSG_IMPRINT_set_msg(imprint, &hash, hashLength) == 1,
            TS_REQ_set_version(request, 1) == 1, TS_REQ_set_msg_imprint(request, imprint) == 1,
            TS_REQ_set_cert_req(request, certificates ? 1 : 0) == 1
        else { throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot build the request", input: input) }
        if let nonce {
            guard let integer = ASN1_INTEGER_new() else {
                throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a nonce", input: input)
            }
            defer { ASN1_INTEGER_free(integer) }
            guard ASN1_INTEGER_set_uint64(integer, nonce) == 1, TS_REQ_set_nonce(request, integer) == 1 else {
                throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot set the nonce", input: input)
            }
        }
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_TS_REQ(request, &output)
        guard length > 0, let output else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot encode the request", input: input)
        }
        defer { vouch_openssl_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }
}
