import Foundation
import VouchCore

/// Which URLs may be fetched: `https:` always, `http:` only everywhere when allowed or to listed `host:port` pairs.
///
/// Checked in Swift before a request is handed to libcurl and again by libcurl's pre-request callback for every
/// redirect hop, because libcurl's protocol list alone cannot express "http, but only to these hosts".
struct PlainHTTPPolicy: Sendable {
    let allowEverywhere: Bool
    let hosts: Set<String>

    init(allowEverywhere: Bool, hosts: Set<String>) {
        self.allowEverywhere = allowEverywhere
        self.hosts = Set(hosts.map { $0.lowercased() })
    }

    /// Whether libcurl should be allowed `http` at all.
    var mayUsePlainHTTP: Bool { allowEverywhere || !hosts.isEmpty }

    /// The libcurl protocol list for `CURLOPT_PROTOCOLS_STR` and `CURLOPT_REDIR_PROTOCOLS_STR`.
    var curlProtocols: String { mayUsePlainHTTP ? "http,https" : "https" }

    /// Nil when the URL may be fetched, otherwise the finding that refuses it.
    func refusal(of urlString: String, input: String) -> FindingError? {
        guard let components = URLComponents(string: urlString), let scheme = components.scheme?.lowercased() else {
            return FindingError(.netRequestInvalid, "not an absolute URL", input: input, details: ["url": urlString])
        }
        guard scheme == "https" || scheme == "http" else {
            return FindingError(
                .netProtocolRefused,
                "only https URLs can be fetched",
                input: input,
                details: ["url": urlString, "scheme": scheme]
            )
        }
        guard let host = components.host, !host.isEmpty else {
            return FindingError(.netRequestInvalid, "the URL has no host", input: input, details: ["url": urlString])
        }
        if scheme == "https" || allowEverywhere { return nil }
        let port = components.port ?? 80
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let hostPort = "\(hostText.lowercased()):\(port)"
        if hosts.contains(hostPort) { return nil }
        return FindingError(
            .netPlainHTTPRefused,
            "plain HTTP is not allowed to \(hostPort); use https or allow the host as insecure",
            input: input,
            details: ["url": urlString, "host": hostPort]
        )
    }
}
