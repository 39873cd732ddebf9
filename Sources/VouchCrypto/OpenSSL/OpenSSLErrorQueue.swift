internal import CVouchShims.OpenSSL
import VouchCore

/// The one place that reads OpenSSL's thread-local error queue.
///
/// Every call into OpenSSL that can fail leaves entries on the queue; they must be drained before the next check so
/// that a later failure is not blamed on an earlier one. A failure becomes a finding whose `openssl` detail lists the
/// entries, oldest first: `error:...; error:...`.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns its entries joined with `"; "`, or `nil` when it was empty.
    @discardableResult
    static func drain() -> String? {
        var entries: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            let text = buffer.withUnsafeMutableBufferPointer { pointer in
                ERR_error_string_n(code, pointer.baseAddress, pointer.count)
                return String(decoding: UnsafeRawBufferPointer(pointer).prefix { $0 != 0 }, as: UTF8.self)
            }
            entries.append(text)
        }
        return entries.isEmpty ? nil : entries.joined(separator: "; ")
    }

    /// A finding error carrying the drained queue in `details["openssl"]`.
    static func error(
        _ code: FindingCode, _ message: String, input: String, details: [String: String] = [:]
    ) -> FindingError {
        var details = details
        if let queue = drain() {
            details["openssl"] = queue
        }
        return FindingError(code, message, input: input, details: details)
    }
}
