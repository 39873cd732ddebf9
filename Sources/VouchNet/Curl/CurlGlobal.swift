internal import CVouchShims.Curl

/// `curl_global_init` must run once before any other libcurl call and is not itself thread-safe on every build, so it
/// runs in a global's initialiser, which Swift guarantees to execute exactly once even under concurrent first use.
private let globalInitResult: Int32 = Int32(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

/// `curl_version_info` and `curl_version` fill static buffers on first use, which is not safe under concurrent first
/// calls; reading them once, after global initialisation, in globals' once-only initialisers avoids the race.
private let cachedVersion: String = {
    _ = globalInitResult
    // CURLVERSION_NOW is a macro Swift cannot see; `version` is in every age of the struct, so the first will do.
    guard let info = curl_version_info(CURLVERSION_FIRST), let text = info.pointee.version else {
        return "unknown"
    }
    return String(cString: text)
}()

private let cachedVersionDescription: String = {
    _ = globalInitResult
    return String(cString: curl_version())
}()

enum CurlGlobal {
    /// Initialises libcurl once; true when that succeeded.
    static func initialise() -> Bool {
        globalInitResult == Int32(CURLE_OK.rawValue)
    }

    /// The runtime libcurl version, such as `7.88.1`.
    static var version: String { cachedVersion }

    /// libcurl's own description of itself and its TLS, compression and other libraries.
    static var versionDescription: String { cachedVersionDescription }

    /// libcurl's text for a result code.
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
