import Foundation
import Testing
import VouchCore
import VouchNet
import VouchOCI
import VouchTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension TemporaryDirectory {
    /// A writable copy of a committed layout fixture (testdata/oci/NAME), for tests that damage it.
    func copy(fixture name: String, as target: String = "layout") throws -> String {
        try copy(testdata: "oci/\(name)", as: target)
    }
}

/// A fetcher for loopback servers: plain HTTP to the one host, short retry delays.
func loopbackFetcher(_ hostPort: String, retries: Int = 3) throws -> CurlFetcher {
    var limits = Limits()
    limits.retryBaseDelayMilliseconds = 20
    limits.maxRetries = retries
    limits.maxRetryAfterMilliseconds = 2_000
    limits.fetchTimeoutMilliseconds = 10_000
    return try CurlFetcher(configuration: CurlFetcherConfiguration(limits: limits, insecureHosts: [hostPort]))
}

/// `scripts/faulty-registry.py` serving a layout on 127.0.0.1; stops when its standard input closes.
final class FaultyRegistry: Sendable {
    private let script: LoopbackScript

    var port: Int { script.port }

    convenience init(layout: String = "image") throws {
        try self.init(path: TestPaths.fixture("oci/\(layout)").path)
    }

    /// Serves the layout at `path`: a temporary copy a test added content to (the server serves any blob file).
    init(path: String) throws {
        do {
            script = try LoopbackScript(script: "faulty-registry.py", arguments: [path])
        } catch let error as LoopbackScriptError {
            throw MissingTool(description: error.description)
        }
    }

    var hostPort: String { script.hostPort }

    /// A client that speaks plain HTTP to this server only.
    /// `adjust` changes the client's limits (not the fetcher's) after the loopback defaults are set.
    func client(
        credentials: RegistryCredentials = .none, retries: Int = 3, chunk: Int = 32 << 20,
        adjust: (inout Limits) -> Void = { _ in }
    ) throws -> RegistryClient {
        var limits = Limits()
        limits.retryBaseDelayMilliseconds = 20
        limits.maxRetries = retries
        limits.maxRetryAfterMilliseconds = 2_000
        adjust(&limits)
        return RegistryClient(
            fetcher: try loopbackFetcher(hostPort, retries: retries),
            configuration: RegistryConfiguration(
                limits: limits, insecureRegistries: [hostPort], credentials: credentials, blobChunkBytes: chunk))
    }

    func reference(_ behaviour: String, _ tag: String = "1.0") throws -> ImageReference {
        try ImageReference(parsing: "\(hostPort)/\(behaviour)/image:\(tag)")
    }
}

extension LocalRegistry {
    /// `skopeo copy --all` from a layout fixture (testdata/oci/NAME) into this registry.
    func push(fixture: String, tag: String, to repository: String, as destinationTag: String? = nil) throws {
        try push(
            layout: TestPaths.fixture("oci/\(fixture)").path, tag: tag, to: repository, as: destinationTag,
            preserveDigests: false)
    }

    func client(credentials: RegistryCredentials = .none) throws -> RegistryClient {
        RegistryClient(
            fetcher: try loopbackFetcher(hostPort),
            configuration: RegistryConfiguration(insecureRegistries: [hostPort], credentials: credentials))
    }
}

/// The digest of the image fixture's manifest, pinned: the fixture script is reproducible.
let imageDigest = "sha256:a63cb40610300e984274b0f313ccacf5ee48f2177f99b723c3bc8acafbe90034"
let multiDigest = "sha256:7ef143cf88d0ef68c356fc8316c88ad0245c31f7117d5881cd92f9ae60693c28"

/// The codes of a set of findings.
func codes(_ findings: [Finding]) -> Set<FindingCode> { Set(findings.map(\.code)) }

/// The findings of an async throwing call, or an empty list when it succeeded.
/// An error that is not a `FindingError` gives a code no test expects.
func thrownFindings<T>(_ body: () async throws -> T) async -> [Finding] {
    do {
        _ = try await body()
        return []
    } catch let error as FindingError {
        return error.findings
    } catch {
        return [Finding(FindingCode("test.not-a-finding-error"), "\(error)", input: "test")]
    }
}
