import VouchCore

/// Every annotation required with `-a key=value` is in the signed payload's `optional` object (for v3 bundles,
/// the statement subject's `annotations`) with exactly that value. Non-string values are compared as their
/// canonical JSON text (`-a n=1` matches `"n": 1`).
enum AnnotationCheck {
    static func check(
        _ signed: [String: String], required: [String: String], at location: SourceLocation
    )
        -> [Finding]
    {
        required.keys.sorted().compactMap { key in
            guard signed[key] != required[key] else { return nil }
            return Finding(
                .imagePayloadAnnotationMismatch, "the signed annotation '\(key)' is not the required value",
                at: location, details: ["key": key, "expected": required[key]!, "actual": signed[key] ?? "(absent)"])
        }
    }
}
