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
    /// the other refused and why.
    public static func disagreement(_ bytes: [UInt8], limits: Limits = .default) -> String? {
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
}
