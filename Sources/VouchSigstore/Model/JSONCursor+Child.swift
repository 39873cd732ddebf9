import VouchCore
import VouchCrypto
import VouchJSON

extension JSONCursor {
    /// The member `key` if present and not `null`, or `nil` (for locating findings, where a type mismatch was
    /// already reported by parsing).
    func child(_ key: String) -> JSONCursor? {
        try? optional(key, nullIsAbsent: true)
    }
}
