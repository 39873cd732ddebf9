internal import CVouchShims.Curl
import Foundation
import VouchCore

/// One attempt in flight on the multi handle: its easy handle, the bytes and headers received so far, and the
/// continuation of the caller waiting for it.
///
/// Confined to the driver thread: libcurl calls the callbacks below on the thread that runs `curl_multi_perform`, and
/// the driver creates, completes and frees transfers on that same thread. So the class needs no lock and is not
/// `Sendable`.
final class CurlTransfer {
    let id: UInt64
    let attempt: CurlAttempt
    let continuation: CheckedContinuation<CurlAttemptResult, Never>
    let easy: CurlEasy

    private var body = Data()
    private var headers: [String: [String]] = [:]
    private var lastHeaderName: String?
    /// Set when the write callback stopped the transfer because the body passed the limit.
    private var bodyTooLarge = false
    /// Set when the pre-request callback refused a redirect hop.
    private var refusal: FindingError?

    init(
        id: UInt64,
        attempt: CurlAttempt,
        continuation: CheckedContinuation<CurlAttemptResult, Never>
    ) throws(FindingError) {
        self.id = id
        self.attempt = attempt
        self.continuation = continuation
        guard let easy = CurlEasy() else {
            throw FindingError(.internalError, "libcurl could not create a transfer", input: attempt.input)
        }
        self.easy = easy
        do {
            try configure()
        } catch {
            throw FindingError(
                .internalError,
                "libcurl refused an option",
                input: attempt.input,
                details: ["curlOption": String(error.option), "curl": error.reason]
            )
        }
    }

    private func configure() throws(CurlOptionError) {
        let settings = attempt.settings
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_URL, attempt.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, settings.policy.curlProtocols)
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, settings.policy.curlProtocols)
        // libcurl must not touch signal handlers from the driver thread while other threads run (its docs require this
        // for threaded programs); the threaded resolver needs no SIGALRM. libcurl still avoids raising SIGPIPE.
        try easy.set(CURLOPT_NOSIGNAL, true)

        // TLS is always verified; there is no switch for it.
        try easy.set(CURLOPT_SSL_VERIFYPEER, true)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        try easy.set(CURLOPT_PROXY_SSL_VERIFYPEER, true)
        try easy.set(CURLOPT_PROXY_SSL_VERIFYHOST, 2)
        try easy.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2)
        if let path = settings.caBundlePath { try easy.set(CURLOPT_CAINFO, path) }
        if let path = settings.clientCertificatePath { try easy.set(CURLOPT_SSLCERT, path) }
        if let path = settings.clientKeyPath { try easy.set(CURLOPT_SSLKEY, path) }

        // Without CURLOPT_PROXY libcurl reads the proxy environment itself; an empty string disables every proxy.
        if !settings.honourProxyEnvironment { try easy.set(CURLOPT_PROXY, "") }

        try easy.set(CURLOPT_TIMEOUT_MS, max(settings.timeoutMilliseconds, 1))
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, max(settings.connectTimeoutMilliseconds, 1))
        try easy.set(CURLOPT_FOLLOWLOCATION, true)
        try easy.set(CURLOPT_MAXREDIRS, max(settings.maxRedirects, 0))
        try easy.set(CURLOPT_USERAGENT, settings.userAgent)
        if attempt.method == .head {
            try easy.set(CURLOPT_NOBODY, true)
        } else {
            // Refuses a declared Content-Length over the limit before any of the body is read. Not for HEAD, where
            // the declared length of a body that is never sent is no reason to fail.
            try easy.setOffset(CURLOPT_MAXFILESIZE_LARGE, attempt.maxBytes)
        }
        if let body = attempt.body {
            // The size first, so that COPYPOSTFIELDS copies exactly these bytes (NUL included) and sets POST.
            try easy.setOffset(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
            var bytes = [UInt8](body)
            if bytes.isEmpty { bytes = [0] }  // a valid pointer; libcurl copies zero bytes of it
            let code = bytes.withUnsafeMutableBytes {
                vouch_curl_easy_setopt_pointer(easy.handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
            }
            try check(code, CURLOPT_COPYPOSTFIELDS)
        }
        if !attempt.headerLines.isEmpty {
            guard let list = CurlHeaderList(lines: attempt.headerLines) else {
                throw CurlOptionError(option: Int(CURLOPT_HTTPHEADER.rawValue), reason: "out of memory")
            }
            try easy.setHeaders(list)
        }

        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.set(CURLOPT_PREREQDATA, pointer: context)
        try check(
            vouch_curl_easy_setopt_write_function(easy.handle) { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            },
            CURLOPT_WRITEFUNCTION
        )
        try check(
            vouch_curl_easy_setopt_header_function(easy.handle) { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            },
            CURLOPT_HEADERFUNCTION
        )
        try check(
            vouch_curl_easy_setopt_prereq_function(easy.handle) { context, _, _, _, _ in
                guard let context else { return Int32(CURL_PREREQFUNC_ABORT) }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.checkBeforeRequest() ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
            },
            CURLOPT_PREREQFUNCTION
        )
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlOptionError) {
        guard code == CURLE_OK else {
            throw CurlOptionError(option: Int(option.rawValue), reason: CurlGlobal.describe(code))
        }
    }

    // MARK: Callbacks (driver thread)

    /// Appends body bytes, or stops the transfer once they would pass the limit.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= attempt.maxBytes else {
            bodyTooLarge = true
            return 0  // anything short of bytes.count makes libcurl abort with CURLE_WRITE_ERROR
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Collects header lines; a status line starts a new response, so only the final response's headers remain.
    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            lastHeaderName = nil
        } else if let first = line.first, first == " " || first == "\t" {
            // An obsolete folded continuation line belongs to the previous header's last value.
            if let name = lastHeaderName, var values = headers[name], let last = values.popLast() {
                values.append(last + " " + line.trimmingWhitespace())
                headers[name] = values
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingWhitespace().lowercased()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            if !name.isEmpty {
                headers[name, default: []].append(value)
                lastHeaderName = name
            }
        }
        return bytes.count
    }

    /// Runs before every request libcurl sends, the first and each redirect hop: refuses plain HTTP not allowed.
    private func checkBeforeRequest() -> Bool {
        guard let url = easy.infoString(CURLINFO_EFFECTIVE_URL) else { return false }
        if let refusal = attempt.settings.policy.refusal(of: url, input: attempt.input) {
            self.refusal = refusal
            return false
        }
        return true
    }

    // MARK: Completion

    /// Turns libcurl's result for this transfer into a response or a finding.
    func finish(_ code: CURLcode) -> CurlAttemptResult {
        if code == CURLE_OK {
            let status = easy.infoLong(CURLINFO_RESPONSE_CODE) ?? 0
            let finalURL = easy.infoString(CURLINFO_EFFECTIVE_URL).flatMap(URL.init(string:))
            let retryAfter = easy.infoOffset(CURLINFO_RETRY_AFTER).flatMap { $0 > 0 ? $0 : nil }
            let response = FetchResponse(
                url: finalURL ?? URL(string: attempt.url)!,
                status: status,
                headers: headers,
                body: body
            )
            return .response(response, retryAfterSeconds: retryAfter)
        }
        if let refusal { return .failure(refusal, transient: false) }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            var details = ["limit": String(attempt.maxBytes), "curl": CurlGlobal.describe(code)]
            if bodyTooLarge { details["received"] = "more than \(attempt.maxBytes)" }
            if let declared = headers["content-length"]?.last { details["contentLength"] = declared }
            return .failure(
                FindingError(
                    .netBodyTooLarge,
                    "the response body is larger than the limit of \(attempt.maxBytes) bytes",
                    input: attempt.input,
                    details: details
                ),
                transient: false
            )
        }
        let connected = (easy.infoOffset(CURLINFO_CONNECT_TIME_T) ?? 0) > 0
        let kind = CurlFailureKind(code, connected: connected)
        var details = ["curl": CurlGlobal.describe(code), "curlCode": String(code.rawValue)]
        if let reason = easy.errorText { details["reason"] = reason }
        if let effective = easy.infoString(CURLINFO_EFFECTIVE_URL), effective != attempt.url {
            details["url"] = effective
        }
        return .failure(
            FindingError(kind.code, kind.message, input: attempt.input, details: details),
            transient: kind.transient
        )
    }
}
