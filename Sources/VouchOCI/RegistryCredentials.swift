import Foundation
import VouchCore
import VouchJSON

/// What a registry is given: a user name and password, or an identity token (an OAuth2 refresh token).
public enum RegistryCredential: Hashable, Sendable {
    case basic(RegistryCredentials.Basic)
    /// Exchanged at the Bearer realm with `grant_type=refresh_token` (`identitytoken` in config.json, or a helper's
    /// `<token>` user).
    case identityToken(String)
}

/// Registry credentials from a docker `config.json`, looked up as docker/cli and go-containerregistry do.
///
/// ```
/// config.json = { ? "auths": { registry: { ? "auth": base64("user:password"), ? "username": string,
///                                          ? "password": string, ? "identitytoken": string } },
///                 ? "credsStore": string, ? "credHelpers": { registry: string }, … }
/// ```
/// Keys are normalised as docker does: scheme and path dropped (`https://index.docker.io/v1/` is `docker.io`).
///
/// Precedence (docker/cli `configfile.GetAuthConfig` → `getConfiguredCredentialStore`): a `credHelpers` entry for
/// the registry, else `credsStore`, else `auths`. A helper is run (``CredentialHelper``) only when a registry asks
/// for authentication. When it answers "credentials not found" access continues anonymously, as docker and cosign
/// do; when it is missing, fails, times out or prints something unusable, the fetch fails with its finding — never
/// silently anonymous.
public struct RegistryCredentials: Sendable {
    /// A user name and password for HTTP Basic auth (and for the token endpoint).
    public struct Basic: Hashable, Sendable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// The `Authorization` header value.
        public var header: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }
    }

    /// `identitytoken` entries of `auths`, by normalised registry.
    public var identityTokens: [String: String] = [:]
    /// The `PATH` credential helpers are looked for in (the environment's, from ``load(environment:)``).
    public var helperSearchPath: String = ""
    /// The environment helpers run with.
    public var helperEnvironment: [String: String] = [:]
    /// How long a helper may take.
    public var helperTimeout: Duration = .seconds(30)

    /// Normalised registry → credentials.
    public var basic: [String: Basic]
    /// Registries whose credentials live in a helper (`credHelpers`, or every registry under `credsStore`).
    public var helpers: [String: String]
    /// The global `credsStore`, if any.
    public var store: String?
    /// Where the configuration was read from, for messages.
    public var source: String?

    public init(
        basic: [String: Basic] = [:], helpers: [String: String] = [:], store: String? = nil, source: String? = nil
    ) {
        self.basic = basic
        self.helpers = helpers
        self.store = store
        self.source = source
    }

    /// No credentials: anonymous access only.
    public static let none = RegistryCredentials()

    /// The Basic credentials in `auths` for a registry as named in a reference (`docker.io`, `127.0.0.1:5000`).
    /// Helpers are not consulted; see ``credential(for:)``.
    public func credentials(for registry: String) -> Basic? {
        basic[Self.normalise(registry)]
    }

    /// The helper that owns a registry's credentials (`credHelpers`, else `credsStore`), if any.
    public func helper(for registry: String) -> CredentialHelper? {
        guard let name = helpers[Self.normalise(registry)] ?? store else { return nil }
        return CredentialHelper(
            name: name, searchPath: helperSearchPath, environment: helperEnvironment, timeout: helperTimeout)
    }

    /// The credential for a registry, running its helper if one owns it; nil for anonymous access.
    ///
    /// - Throws: `oci.credentials.helper-*` when a helper owns the registry and gives no usable answer.
    public func credential(for registry: String) async throws(FindingError) -> RegistryCredential? {
        let key = Self.normalise(registry)
        if let helper = helper(for: registry) {
            switch try await helper.get(
                serverURL: Self.serverURL(for: key), registry: key, input: source ?? "config.json")
            {
            case .found(let credential): return credential
            case .notFound: return nil
            }
        }
        // docker's AuthConfig carries both; an identity token wins (go-containerregistry's bearer transport).
        if let token = identityTokens[key] { return .identityToken(token) }
        return basic[key].map { .basic($0) }
    }

    /// What docker hands a helper for a registry: the host, or `https://index.docker.io/v1/` for Docker Hub
    /// (go-containerregistry's `authn.DefaultAuthKey`, docker/cli's `registry.IndexServer`).
    public static func serverURL(for registry: String) -> String {
        normalise(registry) == ImageReference.dockerHub ? "https://index.docker.io/v1/" : normalise(registry)
    }

    /// `DOCKER_CONFIG/config.json`, else `HOME/.docker/config.json`; none when neither exists.
    public static func load(environment: [String: String]) throws(FindingError) -> RegistryCredentials {
        let path: String
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty {
            path = directory + "/config.json"
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.docker/config.json"
        } else {
            return .none
        }
        var result = RegistryCredentials.none
        if FileManager.default.fileExists(atPath: path) {
            result = try parse(try LocalFile.read(path, maxBytes: 1 << 20), input: path)
        }
        result.helperSearchPath = environment["PATH"] ?? ""
        result.helperEnvironment = environment
        return result
    }

    /// Parses a `config.json`.
    public static func parse(_ data: Data, input: String) throws(FindingError) -> RegistryCredentials {
        let root = try JSONDocument.parse(data, input: input).cursor
        var result = RegistryCredentials(source: input)
        result.store = try root.optional("credsStore")?.string()
        if let helpers = try root.optional("credHelpers") {
            for member in try helpers.members() {
                result.helpers[normalise(member.key)] = try member.value.string()
            }
        }
        guard let auths = try root.optional("auths") else { return result }
        for member in try auths.members() {
            let entry = member.value
            let key = normalise(member.key)
            if let token = try entry.optional("identitytoken", nullIsAbsent: true)?.string(), !token.isEmpty {
                result.identityTokens[key] = token
            }
            if let auth = try entry.optional("auth"), !(try auth.string()).isEmpty {
                guard
                    let decoded = Data(base64Encoded: try auth.string()).flatMap({ String(data: $0, encoding: .utf8) }),
                    let colon = decoded.firstIndex(of: ":")
                else {
                    throw auth.error(
                        .ociCredentialsInvalid, "'auth' is not base64 of user:password",
                        details: ["registry": key])
                }
                result.basic[key] = Basic(
                    username: String(decoded[..<colon]),
                    password: String(decoded[decoded.index(after: colon)...]))
            } else if let username = try entry.optional("username")?.string(),
                let password = try entry.optional("password")?.string()
            {
                result.basic[key] = Basic(username: username, password: password)
            }
        }
        return result
    }

    /// `https://index.docker.io/v1/` → `docker.io`; `http://host:5000/` → `host:5000`.
    public static func normalise(_ key: String) -> String {
        var text = Substring(key.lowercased())
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        switch text {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com": return ImageReference.dockerHub
        default: return String(text)
        }
    }
}
