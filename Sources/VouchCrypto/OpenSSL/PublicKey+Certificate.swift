internal import CVouchShims.OpenSSL
import VouchCore

extension PublicKey {
    /// The key a parsed certificate already holds, with the certificate's own SubjectPublicKeyInfo encoding.
    ///
    /// OpenSSL decodes the key while it decodes the certificate; decoding the SubjectPublicKeyInfo a second time
    /// (and re-encoding it to check canonical form) costs about 0.3 ms per certificate in OpenSSL 3.0, more than
    /// verifying a P-256 signature. The certificate's DER was already accepted as a whole.
    init(certificate: OpaquePointer, spkiDER: [UInt8], input: String) throws(FindingError) {
        guard let key = X509_get0_pubkey(certificate), EVP_PKEY_up_ref(key) == 1 else {
            throw OpenSSLErrorQueue.error(.cryptoKeyMalformed, "the subject public key cannot be read", input: input)
        }
        let owned = OwnedPKey(key)
        let kind = try KeyKind(classifying: owned.pointer, input: input)
        self.init(owned, kind: kind, spkiDER: spkiDER)
    }

    /// A key whose kind and SubjectPublicKeyInfo encoding are already known.
    init(_ key: OwnedPKey, kind: KeyKind, spkiDER: [UInt8]) {
        self.key = key
        self.kind = kind
        self.spkiDER = spkiDER
        self.keyID = Digest.of(spkiDER, using: .sha256)
    }
}
