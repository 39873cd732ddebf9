import Foundation
import VouchTestSupport

/// `scripts/testserver.py`, running on 127.0.0.1 for the tests of one suite.
///
/// The server stops when its standard input closes, so it also goes away if the test process dies; `deinit`
/// terminates it explicitly.
final class TestServer: Sendable {
    let scheme: String
    private let script: LoopbackScript

    var port: Int { script.port }

    /// - Parameter tls: a PEM certificate and key to serve HTTPS with; plain HTTP when nil.
    init(tls: (certificate: String, key: String)? = nil) throws {
        script = try LoopbackScript(
            script: "testserver.py", arguments: tls.map { ["--tls", $0.certificate, $0.key] } ?? [])
        scheme = tls == nil ? "http" : "https"
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
    var hostPort: String { script.hostPort }
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
        guard process.terminationStatus == 0 else { throw LoopbackScriptError(script: "openssl req", output: "failed") }
    }

    var tls: (certificate: String, key: String) { (certificatePath, keyPath) }
}
