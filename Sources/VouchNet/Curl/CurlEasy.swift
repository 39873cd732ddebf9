internal import CVouchShims.Curl

/// Owns a `CURL` easy handle, its error buffer and its request header list, and frees them with the object.
///
/// Used only on the driver thread of ``CurlMultiDriver``; it is deliberately not `Sendable`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its detailed reason here, which `curl_easy_strerror` does not give.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: CurlHeaderList?

    init?() {
        guard CurlGlobal.initialise(), let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        guard vouch_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer) == CURLE_OK else {
            return nil
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The detailed reason libcurl gave for the last failure, or nil.
    var errorText: String? {
        let text = String(cString: errorBuffer).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlOptionError) {
        try check(vouch_curl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(CurlOptionError) {
        try set(option, value ? 1 : 0)
    }

    /// libcurl copies string options (since 7.17), so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlOptionError) {
        try check(vouch_curl_easy_setopt_string(handle, option, value), option)
    }

    func setOffset(_ option: CURLoption, _ value: Int) throws(CurlOptionError) {
        try check(vouch_curl_easy_setopt_offset(handle, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlOptionError) {
        try check(vouch_curl_easy_setopt_pointer(handle, option, pointer), option)
    }

    /// Sets `CURLOPT_HTTPHEADER` and keeps the list alive as long as this handle.
    func setHeaders(_ list: CurlHeaderList) throws(CurlOptionError) {
        headerList = list
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list.list))
    }

    func infoLong(_ info: CURLINFO) -> Int? {
        var value = 0
        return vouch_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : nil
    }

    func infoOffset(_ info: CURLINFO) -> Int? {
        var value: curl_off_t = 0
        return vouch_curl_easy_getinfo_offset(handle, info, &value) == CURLE_OK ? Int(value) : nil
    }

    func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard vouch_curl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlOptionError) {
        guard code == CURLE_OK else {
            throw CurlOptionError(option: Int(option.rawValue), reason: CurlGlobal.describe(code))
        }
    }
}

/// libcurl rejected an option: a bug or a libcurl built without a needed feature, never the input's fault.
struct CurlOptionError: Error {
    let option: Int
    let reason: String
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var scalars = Substring(String(self))
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
