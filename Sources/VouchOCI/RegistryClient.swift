import Foundation
import Synchronization
import VouchCore
import VouchCrypto
import VouchJSON

/// How a ``RegistryClient`` reaches registries.
public struct RegistryConfiguration: Sendable {
    public var limits: Limits
    /// `host:port` registries spoken to over plain `http:`. The fetcher must allow the same hosts.
    ///
    /// - Warning: Content over plain HTTP can be altered on the way; digests still catch altered content, but not a
    ///   tag resolved to another image.
    public var insecureRegistries: Set<String>
    public var credentials: RegistryCredentials
    /// Bytes fetched per request when a blob is streamed in ranges. Default 32 MiB.
    public var blobChunkBytes: Int

    public init(
        limits: Limits = .default, insecureRegistries: Set<String> = [], credentials: RegistryCredentials = .none,
        blobChunkBytes: Int = 32 << 20
    ) {
        self.limits = limits
        self.insecureRegistries = Set(insecureRegistries.map { $0.lowercased() })
        self.credentials = credentials
        self.blobChunkBytes = max(blobChunkBytes, 1 << 16)
    }
}

/// A client for the OCI distribution API (1.1) that checks every byte it hands out.
///
/// All traffic goes through the ``Fetcher`` it is given; it never opens a connection itself. Manifests are checked
/// against the digest they were asked by (and the `Docker-Content-Digest` header against the bytes); blobs are
/// checked for size and digest while they stream to disk. Authentication follows the registry's
/// `WWW-Authenticate` challenge: anonymous or Basic credentials are exchanged at the token realm for a Bearer token
/// (per repository scope, cached for the client's lifetime), an identity token through the OAuth2 refresh-token
/// grant, or Basic credentials sent as such when the registry asks for Basic. Credential helpers run only when a
/// registry first challenges.
public final class RegistryClient: Sendable {
    public let fetcher: any Fetcher
    public let configuration: RegistryConfiguration
    /// `Authorization` values by "registry repository", learnt from challenges.
    private let authorizations = Mutex<[String: String]>([:])
    /// Credentials by normalised registry, once looked up (nil inside: anonymous).
    private let resolvedCredentials = Mutex<[String: RegistryCredential?]>([:])

    public init(fetcher: any Fetcher, configuration: RegistryConfiguration = RegistryConfiguration()) {
        self.fetcher = fetcher
        self.configuration = configuration
    }

    var limits: Limits { configuration.limits }

    // MARK: URLs

    /// `https://host/v2/<repository>/<path>` (or `http:` for an insecure registry).
    func url(_ reference: ImageReference, _ path: String, query: String? = nil) -> URL {
        let host = reference.apiHost
        let insecure =
            configuration.insecureRegistries.contains(host.lowercased())
            || (!host.contains(":") && configuration.insecureRegistries.contains(host.lowercased() + ":80"))
        var text = "\(insecure ? "http" : "https")://\(host)/v2/\(reference.repository)/\(path)"
        if let query { text += "?" + query }
        return URL(string: text)!
    }

    // MARK: Requests with authentication

    /// Sends a request for a repository, answering one authentication challenge if the registry makes one.
    func send(_ request: FetchRequest, for reference: ImageReference) async throws(FindingError) -> FetchResponse {
        let key = "\(reference.apiHost) \(reference.repository)"
        var request = request
        if let authorization = authorizations.withLock({ $0[key] }) {
            request.headers.append((name: "Authorization", value: authorization))
        }
        let response = try await fetcher.fetch(request)
        guard response.status == 401 else { return response }
        let challenges = AuthChallenge.parse(response.headers["www-authenticate"] ?? [])
        let authorization = try await authorize(challenges, reference: reference, input: request.url.absoluteString)
        authorizations.withLock { $0[key] = authorization }
        var retry = request
        retry.headers.removeAll { $0.name == "Authorization" }
        retry.headers.append((name: "Authorization", value: authorization))
        let second = try await fetcher.fetch(retry)
        if second.status == 401 {
            throw FindingError(
                .ociRegistryUnauthorized,
                "the registry refused the credentials it asked for", input: request.url.absoluteString,
                details: registryErrorDetails(second).merging(["status": "401"]) { $1 })
        }
        return second
    }

    /// The credential for a registry (its helper run at most once per client, when it is first challenged).
    private func credential(for registry: String) async throws(FindingError) -> RegistryCredential? {
        let key = RegistryCredentials.normalise(registry)
        if let known = resolvedCredentials.withLock({ $0[key] }) { return known }
        let credential = try await configuration.credentials.credential(for: registry)
        resolvedCredentials.withLock { $0[key] = .some(credential) }
        return credential
    }

    /// The `Authorization` value that answers a challenge.
    private func authorize(
        _ challenges: [AuthChallenge], reference: ImageReference, input: String
    )
        async throws(FindingError) -> String
    {
        let credential = try await credential(for: reference.registry)
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }) {
            return "Bearer " + (try await token(bearer, reference: reference, credential: credential, input: input))
        }
        if challenges.contains(where: { $0.scheme == "basic" }) {
            switch credential {
            case .basic(let basic):
                return basic.header
            case .identityToken:
                throw FindingError(
                    .ociRegistryUnauthorized,
                    "the registry asks for Basic credentials and \(reference.registry) has only an identity token, "
                        + "which is used with Bearer token authentication", input: input,
                    details: ["registry": reference.registry])
            case nil:
                throw FindingError(
                    .ociRegistryUnauthorized,
                    "the registry asks for Basic credentials and none are configured for \(reference.registry)",
                    input: input, details: ["registry": reference.registry])
            }
        }
        throw FindingError(
            .ociRegistryUnauthorized, "the registry answered 401 without a usable challenge",
            input: input, details: ["challenges": challenges.map(\.scheme).joined(separator: ", ")])
    }

    /// Fetches a Bearer token from the challenge's realm (distribution token authentication), through the fetcher:
    /// `GET` with `service` and `scope` (and Basic credentials if any), or, for an identity token, the OAuth2
    /// refresh-token grant as a form `POST`.
    private func token(
        _ challenge: AuthChallenge, reference: ImageReference, credential: RegistryCredential?, input: String
    ) async throws(FindingError) -> String {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http", components.host != nil
        else {
            throw FindingError(
                .ociRegistryTokenFailed, "the Bearer challenge has no usable realm", input: input,
                details: ["realm": challenge.parameters["realm"] ?? ""])
        }
        let service = challenge.parameters["service"]
        let scope = challenge.parameters["scope"] ?? "repository:\(reference.repository):pull"
        let request: FetchRequest
        if case .identityToken(let refreshToken) = credential {
            guard let url = components.url else {
                throw FindingError(
                    .ociRegistryTokenFailed, "the token URL cannot be built", input: input, details: ["realm": realm])
            }
            var form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
            if let service { form.append(("service", service)) }
            form.append(("scope", scope))
            form.append(("client_id", "vouch"))
            request = FetchRequest(
                url: url, method: .post,
                headers: [
                    (name: "Accept", value: "application/json"),
                    (name: "Content-Type", value: "application/x-www-form-urlencoded"),
                ], maxBytes: 1 << 20, body: Data(Self.formEncode(form).utf8))
        } else {
            var items = components.queryItems ?? []
            if let service { items.append(URLQueryItem(name: "service", value: service)) }
            items.append(URLQueryItem(name: "scope", value: scope))
            components.queryItems = items
            guard let url = components.url else {
                throw FindingError(
                    .ociRegistryTokenFailed, "the token URL cannot be built", input: input, details: ["realm": realm])
            }
            var headers: [(name: String, value: String)] = [(name: "Accept", value: "application/json")]
            if case .basic(let basic) = credential { headers.append((name: "Authorization", value: basic.header)) }
            request = FetchRequest(url: url, headers: headers, maxBytes: 1 << 20)
        }
        let url = request.url
        let grant = request.method == .post ? "refresh_token" : nil
        let response = try await fetcher.fetch(request)
        guard response.isSuccess else {
            var details = ["status": String(response.status)]
            if let grant { details["grant"] = grant }
            throw FindingError(
                .ociRegistryTokenFailed,
                "the token endpoint answered HTTP \(response.status)"
                    + (grant == nil ? "" : " to the OAuth2 refresh-token grant"),
                input: url.absoluteString, details: details)
        }
        do {
            let document = try JSONDocument.parse(response.body, input: url.absoluteString, limits: limits)
            let root = document.cursor
            if let token = try root.optional("token", nullIsAbsent: true)?.string(), !token.isEmpty { return token }
            if let token = try root.optional("access_token", nullIsAbsent: true)?.string(), !token.isEmpty {
                return token
            }
        } catch {
            throw FindingError(
                [
                    Finding(
                        .ociRegistryTokenFailed, "the token response is not usable JSON",
                        input: url.absoluteString)
                ] + error.findings)
        }
        throw FindingError(.ociRegistryTokenFailed, "the token response carries no token", input: url.absoluteString)
    }

    /// `application/x-www-form-urlencoded`: everything but unreserved characters percent-encoded.
    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        return fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    // MARK: Errors

    /// The registry's error codes from an error body (`{"errors":[{"code","message"}]}`), for finding details.
    func registryErrorDetails(_ response: FetchResponse) -> [String: String] {
        var details = ["status": String(response.status)]
        guard !response.body.isEmpty,
            let document = try? JSONDocument.parse(response.body, input: response.url.absoluteString, limits: limits),
            let errors = try? document.cursor.optional("errors")?.array()
        else { return details }
        let codes = errors.compactMap { error -> String? in
            guard let code = try? error.optional("code")?.string() else { return nil }
            let message = (try? error.optional("message")?.string()) ?? nil
            return message.map { "\(code): \($0)" } ?? code
        }
        if !codes.isEmpty { details["registryErrors"] = codes.joined(separator: "; ") }
        return details
    }

    /// A finding for a status the caller cannot use.
    func unexpected(_ response: FetchResponse, _ what: String, input: String) -> FindingError {
        let code: FindingCode =
            response.status == 401 || response.status == 403 ? .ociRegistryUnauthorized : .ociRegistryError
        return FindingError(
            code, "the registry answered HTTP \(response.status) for \(what)", input: input,
            details: registryErrorDetails(response))
    }

    /// Whether a fetch failed because the body passed its size limit (libcurl's or the fixture fetcher's finding).
    static func isSizeLimit(_ error: FindingError) -> Bool {
        error.findings.contains { $0.code == .inputTooLarge || $0.code.rawValue == "net.body-too-large" }
    }
}
