/// Writes the DER (X.690) encodings Vouch builds itself: certificate extension values for test authorities and the
/// re-encoded TBSCertificate of a precertificate.
///
/// ```
/// TLV = tag length value      ; length in the shortest form (DER.encodeLength)
/// ```
/// Every function returns one complete element; callers concatenate elements for the contents of a SEQUENCE.
enum DEREncoder {
    /// One element with `tag` around `content`.
    static func element(_ tag: UInt8, _ content: some Collection<UInt8>) -> [UInt8] {
        [tag] + DER.encodeLength(content.count) + Array(content)
    }

    /// `SEQUENCE { elements... }`.
    static func sequence(_ elements: [[UInt8]]) -> [UInt8] {
        element(DER.sequence, elements.flatMap { $0 })
    }

    static func octetString(_ bytes: some Collection<UInt8>) -> [UInt8] {
        element(DER.octetString, bytes)
    }

    static func utf8String(_ text: String) -> [UInt8] {
        element(DER.utf8String, Array(text.utf8))
    }

    /// `BOOLEAN`, TRUE encoded as 0xFF as DER requires.
    static func boolean(_ value: Bool) -> [UInt8] {
        [DER.boolean, 0x01, value ? 0xFF : 0x00]
    }

    /// `INTEGER` of a small non-negative value.
    static func integer(_ value: UInt64) -> [UInt8] {
        var magnitude: [UInt8] = []
        var rest = value
        repeat {
            magnitude.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        return DER.encodeUnsignedInteger(magnitude)
    }

    /// `OBJECT IDENTIFIER` from dotted text, or `nil` when the text is not a valid OID.
    static func objectIdentifier(_ dotted: String) -> [UInt8]? {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        var arcs: [UInt64] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let arc = UInt64(part) else {
                return nil
            }
            arcs.append(arc)
        }
        guard arcs[0] <= 2, arcs[0] == 2 || arcs[1] < 40 else { return nil }
        let (first, overflow) = (arcs[0] * 40).addingReportingOverflow(arcs[1])
        guard !overflow else { return nil }
        var content: [UInt8] = []
        for arc in [first] + arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            content += chunk
        }
        return element(DER.objectIdentifier, content)
    }
}
