import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a temporary configuration and storage; stopped by
/// its PID when released. With `basicAuth`, htpasswd Basic auth for user `vouch`, password `secret`.
///
/// Content goes in with `skopeo copy` (``push(layout:tag:to:as:)``), as a user's pipeline would put it there.
public final class LocalRegistry: @unchecked Sendable {
    public static let binary = "/usr/bin/docker-registry"
    public let port: Int
    public let directory: TemporaryDirectory
    public let usesBasicAuth: Bool
    private let process: Process

    public init(basicAuth: Bool = false) throws {
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

    /// `127.0.0.1:<port>`.
    public var hostPort: String { "127.0.0.1:\(port)" }

    /// `skopeo copy --all` of one tag of an image layout into this registry, digests preserved unless
    /// `preserveDigests` is false (skopeo 1.9 rewrites an index whose descriptors carry `artifactType`).
    public func push(
        layout: String, tag: String, to repository: String, as destinationTag: String? = nil,
        preserveDigests: Bool = true
    ) throws {
        var arguments = ["copy", "--all", "--quiet", "--dest-tls-verify=false"]
        if preserveDigests { arguments.append("--preserve-digests") }
        if usesBasicAuth { arguments += ["--dest-creds", "vouch:secret"] }
        arguments += ["oci:\(layout):\(tag)", "docker://\(hostPort)/\(repository):\(destinationTag ?? tag)"]
        let result = try runTool("/usr/bin/skopeo", arguments)
        guard result.status == 0 else { throw MissingTool(description: "skopeo copy failed: \(result.output)") }
    }
}
