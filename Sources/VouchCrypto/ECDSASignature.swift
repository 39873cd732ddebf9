import VouchCore

/// Conversions between the two ECDSA signature encodings.
public enum ECDSASignature {
    /// DER `ECDSA-Sig-Value` for a raw `r || s` signature.
    ///
    /// - Parameters:
    ///   - raw: `r || s`, each exactly `scalarByteCount` bytes.
    ///   - scalarByteCount: the curve's scalar size (``KeyKind/ecdsaScalarByteCount``).
    public static func der(
        fromRaw raw: some Collection<UInt8>, scalarByteCount: Int, input: String = "signature"
    ) throws(FindingError) -> [UInt8] {
        let bytes = Array(raw)
        guard scalarByteCount > 0, bytes.count == 2 * scalarByteCount else {
            throw FindingError(
                .cryptoSignatureMalformed, "a raw ECDSA signature must be \(2 * scalarByteCount) bytes", input: input,
                details: ["actual": String(bytes.count)])
        }
        let body =
            DER.encodeUnsignedInteger(bytes[..<scalarByteCount])
            + DER.encodeUnsignedInteger(bytes[scalarByteCount...])
        return [DER.sequence] + DER.encodeLength(body.count) + body
    }

    /// Raw `r || s` for a strict-DER `ECDSA-Sig-Value`, each integer left-padded to `scalarByteCount` bytes.
    public static func raw(
        fromDER der: some Collection<UInt8>, scalarByteCount: Int, input: String = "signature"
    ) throws(FindingError) -> [UInt8] {
        guard let (r, s) = integers(fromDER: der), r.count <= scalarByteCount, s.count <= scalarByteCount else {
            throw FindingError(
                .cryptoSignatureMalformed,
                "the ECDSA signature is not a DER SEQUENCE of two integers of the curve's size",
                input: input)
        }
        return Array(repeating: 0, count: scalarByteCount - r.count) + r
            + Array(repeating: 0, count: scalarByteCount - s.count) + s
    }

    /// The magnitudes of r and s when `der` is exactly one strictly encoded `SEQUENCE { INTEGER, INTEGER }` with
    /// non-negative integers; `nil` for BER variants, trailing bytes, negative or extra fields.
    static func integers(fromDER der: some Collection<UInt8>) -> ([UInt8], [UInt8])? {
        guard let sequence = DER.single(der), sequence.tag == DER.sequence else { return nil }
        var reader = DER.Reader(sequence.value)
        guard let r = reader.read(tag: DER.integer), let s = reader.read(tag: DER.integer), reader.isAtEnd,
            let rMagnitude = DER.unsignedIntegerMagnitude(r.value),
            let sMagnitude = DER.unsignedIntegerMagnitude(s.value)
        else { return nil }
        return (Array(rMagnitude), Array(sMagnitude))
    }
}
