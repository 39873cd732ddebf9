import VouchCore

extension FindingCode {
    /// The request or one of its redirect hops used plain `http:` to a host that is not allowed it.
    public static let netPlainHTTPRefused = FindingCode("net.plain-http-refused")
    /// The URL's scheme is not `https` (or `http` where allowed), or libcurl refused the protocol on a redirect.
    public static let netProtocolRefused = FindingCode("net.protocol-refused")
    /// The URL or a request header cannot be sent as given (no host, control characters in a header).
    public static let netRequestInvalid = FindingCode("net.request-invalid")
    /// The host name could not be resolved (also for the proxy's name).
    public static let netDNSFailed = FindingCode("net.dns-failed")
    /// No connection could be made: refused, unreachable, or the connect timeout passed.
    public static let netConnectFailed = FindingCode("net.connect-failed")
    /// The TLS handshake or the certificate verification failed, or a client certificate could not be used.
    public static let netTLSFailed = FindingCode("net.tls-failed")
    /// The attempt took longer than the per-request timeout.
    public static let netTimeout = FindingCode("net.timeout")
    /// The body is larger than the limit, by its declared `Content-Length` or by what arrived.
    public static let netBodyTooLarge = FindingCode("net.body-too-large")
    /// More redirects than the limit allows, such as a redirect loop.
    public static let netTooManyRedirects = FindingCode("net.too-many-redirects")
    /// The transfer broke off: connection closed or reset mid-response, a short body, an unreadable reply.
    public static let netTransferFailed = FindingCode("net.transfer-failed")
    /// The calling task was cancelled before the fetch finished.
    public static let netCancelled = FindingCode("net.cancelled")
}
