import VouchCore

/// Holds the two JSON parsers to one verdict: the Swift parser that decides (``JSONDocument/parse(_:input:limits:)``)
/// and jansson (``JSONDocument/secondOpinion(_:input:)``). Used by the differential fuzz target and the tests.
public enum JSONCrossCheck {
    /// Codes the Swift parser gives for a `Limits` bound rather than for the grammar. jansson knows none of these
    /// bounds (its only one is nesting at 2048), so such refusals are not compared.
    public static let limitCodes: Set<FindingCode> = [
        .jsonTooLarge, .jsonTooDeep, .jsonStringTooLong, .jsonNumberTooLong, .jsonContainerTooLarge,
    ]

    /// `nil` when both parsers accept `bytes` or both refuse them, else a sentence saying which one accepted what
    /// the other refused and why. Inputs that meet a known jansson leniency are not compared (see
    /// ``hasKnownJanssonLeniency(_:)``).
    public static func disagreement(_ bytes: [UInt8], limits: Limits = .default) -> String? {
        if hasKnownJanssonLeniency(bytes) { return nil }
        let jansson = JSONDocument.secondOpinion(bytes, input: "input")
        do {
            _ = try JSONDocument.parse(bytes, input: "input", limits: limits)
            guard let jansson else { return nil }
            return "the Swift parser accepts what jansson refuses: \(jansson)"
        } catch {
            let code = error.code
            if jansson != nil || limitCodes.contains(code) { return nil }
            return "jansson accepts what the Swift parser refuses: \(error)"
        }
    }

    /// jansson 2.14's lexer drops a U+0000 byte that directly follows a number or a literal (tokens it ends by
    /// looking one byte ahead), so it accepts `2\0`, `[1\0]`, `false\0` and `{"a":1\0}`, which RFC 8259 does not
    /// allow and the Swift parser refuses. Found by the differential fuzzer (testdata/fuzz/json/crash-*).
    public static func hasKnownJanssonLeniency(_ bytes: [UInt8]) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { previous, byte in
            byte == 0
                && ((0x30...0x39).contains(previous) || (0x41...0x5A).contains(previous)
                    || (0x61...0x7A).contains(previous))
        }
    }
}
