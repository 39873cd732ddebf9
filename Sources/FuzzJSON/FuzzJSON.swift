import VouchCore
import VouchJSON

/// libFuzzer entry point for the JSON parser and canonicalizer.
///
/// Build and run with `scripts/fuzz` (`swift build --product FuzzJSON --sanitize=fuzzer --sanitize=address`).
/// Invariants checked on every input: the Swift parser and jansson agree on whether it is JSON (differential; refusals
/// for a `Limits` bound aside); for an input that parses, canonicalization is idempotent and the canonical bytes parse
/// to an equal tree. Inputs that do not parse must fail with a finding, which is all the parser may do.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let disagreement = JSONCrossCheck.disagreement(bytes) {
        fatalError(disagreement)
    }
    var limits = Limits()
    limits.maxJSONDepth = 64
    guard let document = try? JSONDocument.parse(bytes, input: "fuzz", limits: limits) else { return 0 }
    let canonical = document.canonicalBytes
    guard let again = try? JSONDocument.parse(canonical, input: "canonical", limits: limits) else {
        fatalError("canonical bytes do not parse: \(String(decoding: canonical, as: UTF8.self))")
    }
    precondition(again.root == document.root, "canonical form changed the value")
    precondition(again.canonicalBytes == canonical, "canonicalization is not idempotent")
    return 0
}
