internal import CVouchShims.Curl
import VouchCore

/// What a libcurl result code means for Vouch: a finding code, a sentence, and whether trying again may help.
struct CurlFailureKind {
    let code: FindingCode
    let message: String
    let transient: Bool

    /// - Parameter connected: whether a connection was established before the failure; a timeout before that is
    ///   a failure to connect, after it a slow or silent server.
    init(_ result: CURLcode, connected: Bool) {
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self.init(.netDNSFailed, "the host name could not be resolved", transient: false)
        case CURLE_COULDNT_CONNECT:
            // Refused or unreachable: a restarting server or a load balancer draining, so worth another try.
            self.init(.netConnectFailed, "could not connect", transient: true)
        case CURLE_OPERATION_TIMEDOUT where !connected:
            self.init(.netConnectFailed, "timed out while connecting", transient: true)
        case CURLE_OPERATION_TIMEDOUT:
            self.init(.netTimeout, "the request timed out", transient: true)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            self.init(.netTLSFailed, "the TLS connection could not be established or verified", transient: false)
        case CURLE_TOO_MANY_REDIRECTS:
            self.init(.netTooManyRedirects, "too many redirects", transient: false)
        case CURLE_UNSUPPORTED_PROTOCOL:
            self.init(
                .netProtocolRefused, "the URL or a redirect uses a protocol that is not allowed", transient: false)
        case CURLE_URL_MALFORMAT:
            self.init(.netRequestInvalid, "the URL is malformed", transient: false)
        case CURLE_FILESIZE_EXCEEDED:
            self.init(.netBodyTooLarge, "the response body is larger than the limit", transient: false)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR:
            self.init(.netTransferFailed, "the connection broke off before the response was complete", transient: true)
        default:
            self.init(.netTransferFailed, "the transfer failed", transient: false)
        }
    }

    private init(_ code: FindingCode, _ message: String, transient: Bool) {
        self.code = code
        self.message = message
        self.transient = transient
    }
}
