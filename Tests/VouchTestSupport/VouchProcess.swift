import Foundation

/// Runs the built `vouch` binary and captures what it printed and how it exited.
public struct VouchRun: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum VouchProcess {
    /// The `vouch` executable next to the test bundle in the build folder.
    public static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["VOUCH_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        // The test runner lives in .build/<triple>/debug; so does `vouch`.
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("vouch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/vouch")
    }

    /// Runs `vouch` with `arguments`, optionally feeding `stdin`, in `directory`.
    public static func run(
        _ arguments: [String],
        stdin: Data? = nil,
        in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> VouchRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return VouchRun(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}
