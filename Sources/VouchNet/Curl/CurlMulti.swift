internal import CVouchShims.Curl

/// Owns a `CURLM` multi handle and cleans it up with the object.
///
/// `@unchecked Sendable` because the handle is shared between threads in one narrow way: ``wakeup()`` may be called
/// from any thread (libcurl documents `curl_multi_wakeup` as thread-safe), while every other call is made by the one
/// driver thread of ``CurlMultiDriver``.
final class CurlMulti: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init?() {
        guard CurlGlobal.initialise(), let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// Interrupts a `curl_multi_poll` waiting on another thread.
    func wakeup() {
        _ = curl_multi_wakeup(handle)
    }
}
