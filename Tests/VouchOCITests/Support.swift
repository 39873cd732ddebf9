import Foundation
import Testing
import VouchCore
import VouchNet
import VouchOCI
import VouchTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh temporary directory, removed by the caller with `remove()`.
struct TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init(_ label: String = "vouchoci") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A writable copy of a committed layout fixture (testdata/oci/NAME), for tests that damage it.
    func copy(fixture name: String, as target: String = "layout") throws -> String {
        let destination = url.appendingPathComponent(target)
        try FileManager.default.copyItem(at: TestPaths.fixture("oci/\(name)"), to: destination)
        return destination.path
    }
}

/// Runs a program and returns its exit status and combined output.
@discardableResult
func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A tool the registry tests need; a clear failure (never a silent skip) when it is not installed.
func requireTool(_ path: String, package: String) throws {
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw MissingTool(description: "\(path) is not installed (Debian package '\(package)'); run scripts/bootstrap")
    }
}

struct MissingTool: Error, CustomStringConvertible {
    let description: String
}

/// A port on 127.0.0.1 that was free a moment ago.
func freePort() throws -> Int {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(socketDescriptor, $0, length) == 0 && getsockname(socketDescriptor, $0, &length) == 0
        }
    }
    guard bound else { throw MissingTool(description: "cannot find a free port on 127.0.0.1") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts connections on 127.0.0.1:port.
func isListening(_ port: Int) -> Bool {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
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

    init(layout: String = "image") throws {
        do {
            script = try LoopbackScript(script: "faulty-registry.py", arguments: [TestPaths.fixture("oci/\(layout)").path])
        } catch let error as LoopbackScriptError {
            throw MissingTool(description: error.description)
        }
    }

    var hostPort: String { script.hostPort }

    /// A client that speaks plain HTTP to this server only.
    func client(
        credentials: RegistryCredentials = .none, retries: Int = 3, chunk: Int = 32 << 20
    ) throws -> RegistryClient {
        var limits = Limits()
        limits.retryBaseDelayMilliseconds = 20
        limits.maxRetries = retries
        limits.maxRetryAfterMilliseconds = 2_000
        return RegistryClient(
            fetcher: try loopbackFetcher(hostPort, retries: retries),
            configuration: RegistryConfiguration(
                limits: limits, insecureRegistries: [hostPort], credentials: credentials, blobChunkBytes: chunk))
    }

    func reference(_ behaviour: String, _ tag: String = "1.0") throws -> ImageReference {
        try ImageReference(parsing: "\(hostPort)/\(behaviour)/image:\(tag)")
    }
}

/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a temporary configuration and storage; stopped by
/// its PID when released. With `htpasswd`, Basic auth for user `vouch`, password `secret`.
final class LocalRegistry: @unchecked Sendable {
    static let binary = "/usr/bin/docker-registry"
    let port: Int
    let directory: TemporaryDirectory
    let usesBasicAuth: Bool
    private let process: Process

    init(basicAuth: Bool = false) throws {
        try requireTool(Self.binary, package: "docker-registry")
        try requireTool("/usr/bin/skopeo", package: "skopeo")
        directory = try TemporaryDirectory("vouch-registry")
        usesBasicAuth = basicAuth
        port = try freePort()
        var config = """
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(directory.path)/data
            http:
              addr: 127.0.0.1:\(port)

            """
        if basicAuth {
            try requireTool("/usr/bin/htpasswd", package: "apache2-utils")
            let result = try runTool("/usr/bin/htpasswd", ["-Bbc", "\(directory.path)/htpasswd", "vouch", "secret"])
            guard result.status == 0 else { throw MissingTool(description: "htpasswd failed: \(result.output)") }
            config += """
                auth:
                  htpasswd:
                    realm: vouch-test
                    path: \(directory.path)/htpasswd

                """
        }
        try config.write(toFile: "\(directory.path)/config.yml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "\(directory.path)/config.yml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 where !isListening(port) {
            usleep(50_000)
        }
        guard isListening(port) else {
            process.terminate()
            throw MissingTool(description: "docker-registry did not start on 127.0.0.1:\(port)")
        }
    }

    deinit {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        directory.remove()
    }

    var hostPort: String { "127.0.0.1:\(port)" }

    /// `skopeo copy --all` from a layout fixture into this registry.
    func push(fixture: String, tag: String, to repository: String, as destinationTag: String? = nil) throws {
        var arguments = ["copy", "--all", "--quiet", "--dest-tls-verify=false"]
        if usesBasicAuth { arguments += ["--dest-creds", "vouch:secret"] }
        arguments += [
            "oci:\(TestPaths.fixture("oci/\(fixture)").path):\(tag)",
            "docker://\(hostPort)/\(repository):\(destinationTag ?? tag)",
        ]
        let result = try runTool("/usr/bin/skopeo", arguments)
        guard result.status == 0 else { throw MissingTool(description: "skopeo copy failed: \(result.output)") }
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
