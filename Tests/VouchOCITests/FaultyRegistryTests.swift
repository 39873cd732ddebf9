import Foundation
import Testing
import VouchCore
import VouchOCI
import VouchTestSupport

/// Against scripts/faulty-registry.py on 127.0.0.1, through the real libcurl fetcher: every fault gives its finding
/// and nothing is reported as verified.
@Suite("faulty registry", .serialized)
struct FaultyRegistryTests {
    @Test("an honest server: resolve, manifest by digest, blobs, pull")
    func honest() async throws {
        let server = try FaultyRegistry()
        let client = try server.client()
        let resolved = try await client.resolve(server.reference("good"))
        #expect(resolved.descriptor.digest.description == imageDigest)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try await ImageMirror(client: client).pull(
            server.reference("good"), to: directory.path + "/l",
            options: .init(withSignatures: true))
        #expect(outcome.isVerified, "\(outcome.findings)")
        #expect(outcome.findings.contains { $0.code == .ociReferrersFallback })
        #expect(try await LayoutChecker().check(directory.path + "/l").isVerified)
    }

    @Test("wrong content for a digest")
    func wrongContent() async throws {
        let server = try FaultyRegistry()
        let client = try server.client()
        let pinned = try ImageReference(parsing: "\(server.hostPort)/wrong-content/image@\(imageDigest)")
        #expect(codes(await thrownFindings { try await client.resolve(pinned) }) == [.ociManifestDigestMismatch])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try await thrownOrOutcome {
            try await ImageMirror(client: client).pull(server.reference("wrong-content"), to: directory.path + "/l")
        }
        #expect(codes(outcome) == [.ociManifestDigestMismatch] || codes(outcome) == [.ociBlobDigestMismatch])
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/l/index.json"))
        // The half-written layout is taken up again by the next pull.
        let retry = try await ImageMirror(client: client).pull(server.reference("good"), to: directory.path + "/l")
        #expect(retry.isVerified, "\(retry.findings)")
        #expect(try await LayoutChecker().check(directory.path + "/l").isVerified)
    }

    @Test("truncated and over-long blobs")
    func sizes() async throws {
        let server = try FaultyRegistry()
        let client = try server.client()
        let image = try await server.client().resolve(server.reference("good"))
        guard case .image(let manifest) = image.manifest else {
            Issue.record("expected an image")
            return
        }
        for (behaviour, chunk) in [("truncated", 32 << 20), ("truncated", 64 << 10), ("long", 32 << 20)] {
            let reference = try server.reference(behaviour)
            let chunked = try server.client(chunk: chunk)
            let findings = await thrownFindings { try await chunked.blob(reference, descriptor: manifest.config) }
            #expect(findings.first?.code == FindingCode.ociBlobSizeMismatch, "\(behaviour): \(findings)")
        }
        _ = client
    }

    @Test("a lying Docker-Content-Digest")
    func lyingDigest() async throws {
        let server = try FaultyRegistry()
        let findings = await thrownFindings { try await server.client().resolve(server.reference("lying-digest")) }
        #expect(codes(findings) == [.ociRegistryDigestHeaderMismatch])
    }

    @Test("429 with Retry-After: honoured, then given up on with a finding")
    func throttled() async throws {
        let server = try FaultyRegistry()
        let recovered = try await server.client().resolve(server.reference("throttled-once"))
        #expect(recovered.descriptor.digest.description == imageDigest)
        let findings = await thrownFindings {
            try await server.client(retries: 1).resolve(server.reference("throttled"))
        }
        #expect(codes(findings) == [.ociRegistryError])
        #expect(findings.first?.details["status"] == "429")
    }

    @Test("500 then 200 is retried and verified")
    func flaky() async throws {
        let server = try FaultyRegistry()
        let resolved = try await server.client().resolve(server.reference("flaky"))
        #expect(resolved.descriptor.digest.description == imageDigest)
    }

    @Test("a redirect loop")
    func redirectLoop() async throws {
        let server = try FaultyRegistry()
        let good = try await server.client().resolve(server.reference("good"))
        guard case .image(let manifest) = good.manifest else { return }
        let findings = await thrownFindings {
            try await server.client().blob(server.reference("redirect-loop"), descriptor: manifest.config)
        }
        #expect(findings.map(\.code.rawValue) == ["net.too-many-redirects"])
    }

    @Test("a failing referrers listing is a finding, never an empty list")
    func referrersBroken() async throws {
        let server = try FaultyRegistry()
        let findings = await thrownFindings {
            try await server.client(retries: 0).referrers(
                server.reference("referrers-broken"),
                of: try Digest(parsing: imageDigest))
        }
        #expect(findings.first?.code == .ociReferrersListingFailed)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pull = try await thrownOrOutcome {
            try await ImageMirror(client: server.client(retries: 0)).pull(
                server.reference("referrers-broken"),
                to: directory.path + "/l", options: .init(withSignatures: true))
        }
        #expect(pull.first?.code == .ociReferrersListingFailed)
    }

    @Test("Bearer tokens from the challenge, with and without credentials; Basic when asked")
    func authentication() async throws {
        let server = try FaultyRegistry()
        #expect(
            try await server.client().resolve(server.reference("anonymous-bearer")).descriptor.digest.description
                == imageDigest)
        let anonymous = await thrownFindings { try await server.client().resolve(server.reference("bearer")) }
        #expect(anonymous.first?.code == .ociRegistryTokenFailed)
        let credentials = RegistryCredentials(basic: [server.hostPort: .init(username: "vouch", password: "secret")])
        #expect(
            try await server.client(credentials: credentials).resolve(server.reference("bearer")).descriptor.digest
                .description == imageDigest)
        let basic = await thrownFindings { try await server.client().resolve(server.reference("basic")) }
        #expect(basic.first?.code == .ociRegistryUnauthorized)
        let wrong = RegistryCredentials(basic: [server.hostPort: .init(username: "vouch", password: "nope")])
        #expect(
            await thrownFindings { try await server.client(credentials: wrong).resolve(server.reference("basic")) }
                .first?.code == .ociRegistryUnauthorized)
        #expect(
            try await server.client(credentials: credentials).resolve(server.reference("basic")).descriptor.digest
                .description == imageDigest)
    }

    @Test("tag listing follows Link pages and refuses to leave the registry")
    func tags() async throws {
        let server = try FaultyRegistry()
        #expect(try await server.client().tags(server.reference("paged"), pageSize: 2) == ["a", "b", "c", "d", "e"])
        #expect(
            await thrownFindings { try await server.client().tags(server.reference("paged-offsite"), pageSize: 2) }
                .first?.code == .ociRegistryPaginationInvalid)
        var limited = Limits()
        limited.maxTagListPages = 2
        let client = RegistryClient(
            fetcher: try loopbackFetcher(server.hostPort),
            configuration: RegistryConfiguration(limits: limited, insecureRegistries: [server.hostPort]))
        #expect(
            await thrownFindings { try await client.tags(server.reference("paged"), pageSize: 2) }.first?.code
                == .ociRegistryPaginationInvalid)
        #expect(try await server.client().tags(server.reference("good")) == ["1.0"])
    }

    @Test("unknown tags and plain HTTP to a registry not named insecure")
    func refusals() async throws {
        let server = try FaultyRegistry()
        #expect(
            await thrownFindings { try await server.client().resolve(server.reference("good", "nope")) }.first?.code
                == .ociTagNotFound)
        let strict = RegistryClient(
            fetcher: try loopbackFetcher(server.hostPort),
            configuration: RegistryConfiguration(insecureRegistries: []))
        let findings = await thrownFindings { try await strict.resolve(server.reference("good")) }
        #expect(
            findings.first?.code.rawValue == "net.tls-failed" || findings.first?.code.rawValue == "net.connect-failed")
    }
}

/// The findings of a pull: thrown ones, or those of a failed outcome; empty only when it verified.
func thrownOrOutcome(_ body: () async throws -> Outcome<PullSummary>) async throws -> [Finding] {
    do {
        let outcome = try await body()
        return outcome.isVerified ? [] : outcome.findings
    } catch let error as FindingError {
        return error.findings
    }
}
