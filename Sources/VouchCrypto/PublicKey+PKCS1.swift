import VouchCore

extension PublicKey {
    /// Reads an RSA key in the PKCS #1 `RSAPublicKey` form (RFC 8017 §A.1.1), as Sigstore trusted roots carry for
    /// `PKCS1_RSA_PKCS1V5` keys, by wrapping it into a SubjectPublicKeyInfo:
    ///
    /// ```
    /// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    /// SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING (RSAPublicKey) }
    /// ```
    public init(pkcs1RSA der: [UInt8], input: String) throws(FindingError) {
        guard let outer = DER.single(der), outer.tag == DER.sequence, let parts = DERChildren.split(outer.value),
            parts.count == 2, parts.allSatisfy({ $0.tag == DER.integer })
        else {
            throw FindingError(.cryptoKeyMalformed, "not a PKCS #1 RSAPublicKey", input: input)
        }
        let algorithm = DEREncoder.sequence([DEREncoder.objectIdentifier("1.2.840.113549.1.1.1")!, [0x05, 0x00]])
        let key = DEREncoder.element(DER.bitString, [0x00] + der)
        try self.init(der: DEREncoder.sequence([algorithm, key]), input: input)
    }
}
