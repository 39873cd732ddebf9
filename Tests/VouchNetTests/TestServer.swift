import Foundation
import VouchTestSupport

/// `scripts/testserver.py`, running on 127.0.0.1 for the tests of one suite.
///
/// The server stops when its standard input closes, so it also goes away if the test process dies; `deinit`
/// terminates it explicitly.
final class TestServer: Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe

    let scheme: String

    /// - Parameter tls: a PEM certificate and key to serve HTTPS with; plain HTTP when nil.
    init(tls: (certificate: String, key: String)? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", TestPaths.repositoryRoot.appendingPathComponent("scripts/testserver.py").path]
            + (tls.map { ["--tls", $0.certificate, $0.key] } ?? [])
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8),
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw TestServerError(output: String(decoding: line, as: UTF8.self))
        }
        self.port = port
        self.scheme = tls == nil ? "http" : "https"
        self.process = process
        self.input = input
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// `http://127.0.0.1:<port><path>`, or `https:` for a TLS server.
    func url(_ pathAndQuery: String) -> URL {
        URL(string: "\(scheme)://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// The same path over `https:`, whatever the server speaks.
    func httpsURL(_ pathAndQuery: String) -> URL {
        URL(string: "https://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// The `host:port` to list in `insecureHosts`.
    var hostPort: String { "127.0.0.1:\(port)" }
}

struct TestServerError: Error, CustomStringConvertible {
    let output: String
    var description: String { "scripts/testserver.py did not print its port (got \(output.debugDescription))" }
}

/// A self-signed certificate and key made with the `openssl` command in a temporary folder, for one subject name.
struct TestCertificate: Sendable {
    let certificatePath: String
    let keyPath: String

    /// - Parameter subjectAltName: such as `IP:127.0.0.1` or `DNS:vouch.test`.
    init(subjectAltName: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vouchnet-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certificatePath = folder.appendingPathComponent("cert.pem").path
        keyPath = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=vouch test server",
            "-addext", "subjectAltName=\(subjectAltName)",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerError(output: "openssl req failed") }
    }

    var tls: (certificate: String, key: String) { (certificatePath, keyPath) }
}
