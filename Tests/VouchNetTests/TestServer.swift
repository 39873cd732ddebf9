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

    init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.repositoryRoot.appendingPathComponent("scripts/testserver.py").path]
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
        self.process = process
        self.input = input
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// The same path over `https:`, to a server that only speaks plain HTTP.
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
