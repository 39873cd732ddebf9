import VouchCore

/// Everything that shapes how ``CurlFetcher`` talks to the network.
///
/// TLS peer and host verification are always on; there is deliberately no setting to turn them off. To trust a
/// private certificate authority, give ``caBundlePath``.
public struct CurlFetcherConfiguration: Sendable {
    /// Sizes, redirects, concurrency, timeouts and retry bounds. The fetcher uses `maxFetchBytes`, `maxRedirects`,
    /// `maxConcurrentFetches`, `fetchTimeoutMilliseconds`, `connectTimeoutMilliseconds`, `maxRetries`,
    /// `retryBaseDelayMilliseconds` and `maxRetryAfterMilliseconds`.
    public var limits: Limits
    /// Allows plain `http:` to every host.
    ///
    /// - Warning: Content fetched over plain HTTP can be altered on the way. Prefer ``insecureHosts`` for the few
    ///   hosts that need it, such as a registry on localhost.
    public var allowPlainHTTP: Bool
    /// `host:port` pairs (`localhost:5000`, `[::1]:8080`) that may be reached over plain `http:`; the port is
    /// required, 80 being written out. Compared without regard to case.
    ///
    /// - Warning: Content fetched over plain HTTP can be altered on the way.
    public var insecureHosts: Set<String>
    /// A PEM file of certificate authorities to trust instead of the system store.
    public var caBundlePath: String?
    /// A PEM client certificate for mutual TLS.
    public var clientCertificatePath: String?
    /// The PEM private key for ``clientCertificatePath``, when it is not in the same file.
    public var clientKeyPath: String?
    /// The `User-Agent` header sent with every request (unless the request sets its own).
    public var userAgent: String
    /// Lets libcurl use a proxy from `https_proxy`, `http_proxy`, `all_proxy` and `no_proxy`. When false, no proxy
    /// is used whatever the environment says.
    public var honourProxyEnvironment: Bool
    /// How backoff delays are spread. Retry-After delays are never jittered.
    public var retryJitter: RetryJitter

    public init(
        limits: Limits = .default,
        allowPlainHTTP: Bool = false,
        insecureHosts: Set<String> = [],
        caBundlePath: String? = nil,
        clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil,
        userAgent: String? = nil,
        honourProxyEnvironment: Bool = true,
        retryJitter: RetryJitter = .equal
    ) {
        self.limits = limits
        self.allowPlainHTTP = allowPlainHTTP
        self.insecureHosts = insecureHosts
        self.caBundlePath = caBundlePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.userAgent = userAgent ?? Self.defaultUserAgent()
        self.honourProxyEnvironment = honourProxyEnvironment
        self.retryJitter = retryJitter
    }

    /// `vouch/<version> libcurl/<libcurl version>`.
    public static func defaultUserAgent(vouchVersion: String = "dev") -> String {
        "vouch/\(vouchVersion) libcurl/\(CurlFetcher.libcurlVersion)"
    }
}
