import Foundation

/// A helper program (a python server under scripts/) running on 127.0.0.1 for one test suite.
///
/// The program prints its port on its first line and stops when its standard input closes, so it also goes away if
/// the test process dies; `deinit` terminates it explicitly.
public final class LoopbackScript: Sendable {
    public let port: Int
    private let process: Process
    private let input: Pipe

    /// Starts `python3 scripts/<script> arguments…` and waits for the port.
    public init(script: String, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.repositoryRoot.appendingPathComponent("scripts/\(script)").path] + arguments
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
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw LoopbackScriptError(script: script, output: String(decoding: line, as: UTF8.self))
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

    /// `127.0.0.1:<port>`, to list in `insecureHosts`.
    public var hostPort: String { "127.0.0.1:\(port)" }
}

public struct LoopbackScriptError: Error, CustomStringConvertible {
    public let script: String
    public let output: String

    public init(script: String, output: String) {
        self.script = script
        self.output = output
    }

    public var description: String { "scripts/\(script) did not print its port (got \(output.debugDescription))" }
}
