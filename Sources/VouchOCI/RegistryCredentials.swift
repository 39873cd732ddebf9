import Foundation
import VouchCore
import VouchJSON

/// Registry credentials from a docker `config.json`: the `auths` map, as `docker login` writes it.
///
/// ```
/// config.json = { ? "auths": { registry: { ? "auth": base64("user:password"), ? "username": string,
///                                          ? "password": string, ? "identitytoken": string } },
///                 ? "credsStore": string, ? "credHelpers": { registry: string }, … }
/// ```
/// Keys are normalised as docker does: scheme and path dropped (`https://index.docker.io/v1/` is `docker.io`).
/// Credential helpers are external programs; Vouch does not run them, and says so with a finding when a registry
/// it contacts is configured only through one.
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

    /// The credentials for a registry as named in a reference (`docker.io`, `127.0.0.1:5000`).
    public func credentials(for registry: String) -> Basic? {
        basic[Self.normalise(registry)]
    }

    /// Why a registry has no credentials here even though the configuration mentions it, if that is the case.
    public func helperNote(for registry: String) -> Finding? {
        let key = Self.normalise(registry)
        guard basic[key] == nil, let helper = helpers[key] ?? store else { return nil }
        return Finding(
            .ociCredentialsHelperUnsupported, severity: .warning,
            "credentials for \(key) are kept by the helper 'docker-credential-\(helper)', which Vouch does not run; "
                + "continuing anonymously", input: source ?? "config.json",
            details: ["registry": key, "helper": helper])
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
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        return try parse(try LocalFile.read(path, maxBytes: 1 << 20), input: path)
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
