import Foundation
import Testing
import VouchCore
import VouchTestSupport

@testable import VouchOCI

/// A fake `docker-credential-vouchtest` in a temporary directory, found through an explicit search path (the test
/// process's own PATH is never changed). What it answers depends on the server URL it reads on standard input; it
/// keeps the last URL in `last-url` beside itself.
struct FakeHelper {
    let directory: TemporaryDirectory
    var searchPath: String { directory.path }

    static let script = #"""
        #!/bin/sh
        [ "$1" = get ] || exit 9
        read -r url || true
        printf '%s' "$url" > "$(dirname "$0")/last-url"
        if [ "$VOUCHTEST_MODE" = notfound ]; then echo "credentials not found in native keychain"; exit 1; fi
        case "$url" in
        ok.example|https://index.docker.io/v1/)
            printf '{"ServerURL":"%s","Username":"alice","Secret":"s3cret"}\n' "$url" ;;
        token.example|127.0.0.1:*)
            printf '{"ServerURL":"%s","Username":"<token>","Secret":"r3fresh"}\n' "$url" ;;
        bad-token.example)
            printf '{"Username":"<token>","Secret":"wrong-refresh"}\n' ;;
        missing.example)
            echo "credentials not found in native keychain"; exit 1 ;;
        fail.example)
            echo "boom: s3cret leaked"; exit 3 ;;
        badjson.example)
            echo '{"Username": "alice", "Secret": s3cret'; ;;
        numbers.example)
            echo '{"Username": 1, "Secret": 2}' ;;
        slow.example)
            exec sleep 300 ;;
        big.example)
            head -c 200000 /dev/zero | tr '\0' 'x' ;;
        *)
            echo "credentials not found in native keychain"; exit 1 ;;
        esac
        """#

    init() throws {
        directory = try TemporaryDirectory("vouch-helper")
        let path = directory.path + "/docker-credential-vouchtest"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// The server URL the helper was last given.
    var lastURL: String? {
        try? String(contentsOfFile: directory.path + "/last-url", encoding: .utf8)
    }

    /// Credentials from a config.json text, with this helper's directory as the only search path.
    func credentials(_ config: String, timeout: Duration = .seconds(10)) throws -> RegistryCredentials {
        var credentials = try RegistryCredentials.parse(Data(config.utf8), input: "config.json")
        credentials.helperSearchPath = searchPath
        credentials.helperEnvironment = ["PATH": searchPath + ":/usr/bin:/bin"]
        credentials.helperTimeout = timeout
        return credentials
    }

    func remove() { directory.remove() }
}

/// No finding may carry a secret the helper or config held.
private func expectNoSecrets(_ findings: [Finding], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for finding in findings {
        let text = ([finding.message] + finding.details.keys + finding.details.values).joined(separator: " ")
        for secret in ["s3cret", "r3fresh", "boom"] {
            #expect(!text.contains(secret), "\(finding)", sourceLocation: sourceLocation)
        }
    }
}

@Suite("docker credential helpers")
struct CredentialHelperTests {
    @Test("a helper's user name and secret; docker's server URL for a host")
    func success() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"ok.example": "vouchtest"}}"#)
        let credential = try await credentials.credential(for: "ok.example")
        #expect(credential == .basic(.init(username: "alice", password: "s3cret")))
        #expect(helper.lastURL == "ok.example")
    }

    @Test("Docker Hub is asked for as https://index.docker.io/v1/, under credsStore")
    func dockerHub() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credsStore": "vouchtest"}"#)
        let credential = try await credentials.credential(for: "docker.io")
        #expect(credential == .basic(.init(username: "alice", password: "s3cret")))
        #expect(helper.lastURL == "https://index.docker.io/v1/")
        #expect(RegistryCredentials.serverURL(for: "index.docker.io") == "https://index.docker.io/v1/")
        #expect(RegistryCredentials.serverURL(for: "127.0.0.1:5000") == "127.0.0.1:5000")
    }

    @Test("credHelpers keys written as URLs match the host")
    func helperKeys() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"https://ok.example/v1/": "vouchtest"}}"#)
        #expect(try await credentials.credential(for: "ok.example") != nil)
        #expect(try await credentials.credential(for: "other.example") == nil)
    }

    @Test("a helper owns the registry: auths is not consulted (docker/cli precedence)")
    func precedence() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let auth = Data("bob:pw".utf8).base64EncodedString()
        let credentials = try helper.credentials(
            #"{"credsStore": "vouchtest", "auths": {"ok.example": {"auth": "\#(auth)"}, "missing.example": {"auth": "\#(auth)"}}}"#
        )
        #expect(try await credentials.credential(for: "ok.example") == .basic(.init(username: "alice", password: "s3cret")))
        #expect(try await credentials.credential(for: "missing.example") == nil)
        let plain = try helper.credentials(#"{"auths": {"ok.example": {"auth": "\#(auth)"}}}"#)
        #expect(try await plain.credential(for: "ok.example") == .basic(.init(username: "bob", password: "pw")))
    }

    @Test("'credentials not found' means anonymous, as in docker and cosign")
    func notFound() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"missing.example": "vouchtest"}}"#)
        #expect(try await credentials.credential(for: "missing.example") == nil)
    }

    @Test("a failing helper is a finding, without its output")
    func failure() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"fail.example": "vouchtest"}}"#)
        let findings = await thrownFindings { try await credentials.credential(for: "fail.example") }
        #expect(codes(findings) == [.ociCredentialsHelperFailed])
        #expect(findings.first?.details["exitStatus"] == "3")
        #expect(findings.first?.details["helper"] == "docker-credential-vouchtest")
        expectNoSecrets(findings)
    }

    @Test("output that is not the JSON object asked for")
    func badJSON() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credsStore": "vouchtest"}"#)
        for host in ["badjson.example", "numbers.example"] {
            let findings = await thrownFindings { try await credentials.credential(for: host) }
            #expect(codes(findings) == [.ociCredentialsHelperOutputInvalid], "\(host)")
            expectNoSecrets(findings)
        }
    }

    @Test("<token> as the user: the secret is an identity token")
    func identityToken() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"token.example": "vouchtest"}}"#)
        #expect(try await credentials.credential(for: "token.example") == .identityToken("r3fresh"))
    }

    @Test("a helper that is not on the search path: a finding, not anonymous access")
    func missing() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(
            #"{"credHelpers": {"ok.example": "nonexistent", "x.example": "../vouchtest"}}"#)
        for host in ["ok.example", "x.example"] {
            let findings = await thrownFindings { try await credentials.credential(for: host) }
            #expect(codes(findings) == [.ociCredentialsHelperMissing], "\(host)")
        }
        // Relative PATH entries are not searched.
        var relative = credentials
        relative.helperSearchPath = "."
        relative.helpers = ["ok.example": "vouchtest"]
        #expect(codes(await thrownFindings { try await relative.credential(for: "ok.example") }) == [
            .ociCredentialsHelperMissing
        ])
    }

    @Test("a helper that hangs is stopped at the time limit; one that talks too much at the output limit")
    func bounded() async throws {
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credsStore": "vouchtest"}"#, timeout: .seconds(1))
        let started = ContinuousClock.now
        let slow = await thrownFindings { try await credentials.credential(for: "slow.example") }
        #expect(codes(slow) == [.ociCredentialsHelperTimeout])
        // Far below the helper's own 300 s: it was killed. (Generous, since launching a process can take seconds when
        // the whole test suite runs in parallel on two cores.)
        #expect(ContinuousClock.now - started < .seconds(120))
        let big = await thrownFindings { try await credentials.credential(for: "big.example") }
        #expect(codes(big) == [.ociCredentialsHelperFailed])
        #expect(big.first?.details["reason"] == "output-too-large")
    }

    @Test("load takes PATH and the environment for helpers from the environment given")
    func load() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(#"{"credsStore": "vouchtest", "auths": {"r.example": {"identitytoken": "idt"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: directory.path + "/config.json"))
        let credentials = try RegistryCredentials.load(
            environment: ["DOCKER_CONFIG": directory.path, "PATH": "/opt/helpers:/usr/bin"])
        #expect(credentials.helperSearchPath == "/opt/helpers:/usr/bin")
        #expect(credentials.helperEnvironment["DOCKER_CONFIG"] == directory.path)
        #expect(credentials.store == "vouchtest")
        #expect(credentials.identityTokens["r.example"] == "idt")
    }
}

/// The OAuth2 refresh-token grant against scripts/faulty-registry.py (`/v2/oauth/…` and `POST /oauth-token`).
@Suite("identity tokens", .serialized)
struct IdentityTokenTests {
    @Test("identitytoken in config.json: POST refresh-token grant, then the Bearer token")
    func fromConfig() async throws {
        let server = try FaultyRegistry()
        let credentials = try RegistryCredentials.parse(
            Data(#"{"auths": {"\#(server.hostPort)": {"identitytoken": "r3fresh"}}}"#.utf8), input: "config.json")
        let resolved = try await server.client(credentials: credentials).resolve(server.reference("oauth"))
        #expect(resolved.descriptor.digest.description == imageDigest)
        // Without the token, the same registry refuses.
        let anonymous = await thrownFindings { try await server.client().resolve(server.reference("oauth")) }
        #expect(codes(anonymous) == [.ociRegistryTokenFailed])
    }

    @Test("<token> from a helper, end to end; a wrong refresh token fails without showing it")
    func fromHelper() async throws {
        let server = try FaultyRegistry()
        let helper = try FakeHelper()
        defer { helper.remove() }
        let credentials = try helper.credentials(#"{"credHelpers": {"\#(server.hostPort)": "vouchtest"}}"#)
        let resolved = try await server.client(credentials: credentials).resolve(server.reference("oauth"))
        #expect(resolved.descriptor.digest.description == imageDigest)
        #expect(helper.lastURL == server.hostPort)

        let wrong = try RegistryCredentials.parse(
            Data(#"{"auths": {"\#(server.hostPort)": {"identitytoken": "wrong-r3fresh"}}}"#.utf8), input: "config.json")
        let findings = await thrownFindings { try await server.client(credentials: wrong).resolve(server.reference("oauth")) }
        #expect(codes(findings) == [.ociRegistryTokenFailed])
        #expect(findings.first?.details["status"] == "401")
        #expect(findings.first?.details["grant"] == "refresh_token")
        expectNoSecrets(findings)
    }

    @Test("a registry that challenges while its helper is missing fails closed; 'not found' goes on anonymously")
    func failClosed() async throws {
        let server = try FaultyRegistry()
        let helper = try FakeHelper()
        defer { helper.remove() }
        let missing = try helper.credentials(#"{"credHelpers": {"\#(server.hostPort)": "absent"}}"#)
        let findings = await thrownFindings {
            try await server.client(credentials: missing).resolve(server.reference("anonymous-bearer"))
        }
        #expect(codes(findings) == [.ociCredentialsHelperMissing])
        // A registry that never challenges never runs the helper.
        let honest = try await server.client(credentials: missing).resolve(server.reference("good"))
        #expect(honest.descriptor.digest.description == imageDigest)

        var notFound = try helper.credentials(#"{"credsStore": "vouchtest"}"#)
        notFound.helperEnvironment["VOUCHTEST_MODE"] = "notfound"  // the environment given reaches the helper
        let resolved = try await server.client(credentials: notFound)
            .resolve(server.reference("anonymous-bearer"))
        #expect(resolved.descriptor.digest.description == imageDigest)
    }

    @Test("form encoding of the grant")
    func formEncoding() {
        #expect(
            RegistryClient.formEncode([("scope", "repository:a/b:pull"), ("refresh_token", "x+y z&=")])
                == "scope=repository%3Aa%2Fb%3Apull&refresh_token=x%2By%20z%26%3D")
    }
}
