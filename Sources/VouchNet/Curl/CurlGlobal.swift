internal import CVouchShims.Curl

/// `curl_global_init` must run once before any other libcurl call and is not itself thread-safe on every build, so it
/// runs in a global's initialiser, which Swift guarantees to execute exactly once even under concurrent first use.
private let globalInitResult: Int32 = Int32(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

enum CurlGlobal {
    /// Initialises libcurl once; true when that succeeded.
    static func initialise() -> Bool {
        globalInitResult == Int32(CURLE_OK.rawValue)
    }

    /// The runtime libcurl version, such as `7.88.1`.
    static var version: String {
        // CURLVERSION_NOW is a macro Swift cannot see; `version` is in every age of the struct, so the first will do.
        guard let info = curl_version_info(CURLVERSION_FIRST), let text = info.pointee.version else {
            return "unknown"
        }
        return String(cString: text)
    }

    /// libcurl's own description of itself and its TLS, compression and other libraries.
    static var versionDescription: String {
        String(cString: curl_version())
    }

    /// libcurl's text for a result code.
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
