internal import CVouchShims.Curl

/// Owns a `curl_slist` of request header lines and frees it with the object.
///
/// libcurl keeps only the pointer passed to `CURLOPT_HTTPHEADER`, so the list must live as long as the easy handle
/// that uses it; ``CurlEasy`` holds a reference for that reason.
final class CurlHeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    /// Nil when libcurl could not allocate the list.
    init?(lines: [String]) {
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                return nil
            }
            list = appended
        }
    }

    deinit {
        curl_slist_free_all(list)
    }
}
