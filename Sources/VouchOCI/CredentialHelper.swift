import Foundation
import VouchCore
import VouchJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The docker credential-helper protocol, `get` only: `docker-credential-<name> get` with the server URL on standard
/// input answers `{"ServerURL": …, "Username": …, "Secret": …}` on standard output.
///
/// As docker/cli (`cli/config/credentials/native_store.go`) and docker-credential-helpers (`client/client.go`) do:
/// a non-zero exit whose output is `credentials not found in native keychain` means "nothing stored" (anonymous
/// access), any other non-zero exit is an error, and a `Username` of `<token>` means `Secret` is an identity token.
/// Unlike them, the helper is looked for only in absolute directories of the given `PATH`, runs without a shell, with
/// a time limit and an output limit, and nothing it prints is ever put in a finding.
public struct CredentialHelper: Sendable {
    /// What a helper answered.
    public enum Answer: Hashable, Sendable {
        case found(RegistryCredential)
        /// The helper has nothing for this server (docker then goes on anonymously).
        case notFound
    }

    /// The message docker-credential-helpers' `credentials.NewErrCredentialsNotFound` prints.
    public static let notFoundMessage = "credentials not found in native keychain"

    /// The helper's suffix: `osxkeychain` for `docker-credential-osxkeychain`.
    public var name: String
    /// The `PATH` searched for the program.
    public var searchPath: String
    /// The helper's environment (it may need `HOME`, `DBUS_SESSION_BUS_ADDRESS`, cloud settings).
    public var environment: [String: String]
    public var timeout: Duration
    /// Limit on what the helper prints on standard output.
    public var maxOutputBytes: Int

    public init(
        name: String, searchPath: String, environment: [String: String] = [:], timeout: Duration = .seconds(30),
        maxOutputBytes: Int = 64 << 10
    ) {
        self.name = name
        self.searchPath = searchPath
        self.environment = environment
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
    }

    /// `docker-credential-<name>`.
    public var program: String { "docker-credential-" + name }

    /// The executable found on ``searchPath``, if any. Relative and empty `PATH` entries are skipped.
    public func locate() -> String? {
        guard !name.isEmpty, !name.contains("/"), !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            return nil
        }
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
            let path = directory + "/" + program
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: path)
            {
                return path
            }
        }
        return nil
    }

    /// Runs `<program> get` for `serverURL`. `registry` and `input` only name things in findings.
    public func get(serverURL: String, registry: String, input: String) async throws(FindingError) -> Answer {
        let details = ["registry": registry, "helper": program]
        guard let path = locate() else {
            throw FindingError(
                .ociCredentialsHelperMissing,
                "credentials for \(registry) are kept by '\(program)', which is not on PATH; refusing to continue "
                    + "anonymously", input: input, details: details)
        }
        let run = await Self.run(
            path: path, stdin: Data(serverURL.utf8), environment: environment, timeout: timeout,
            maxOutputBytes: maxOutputBytes)
        switch run {
        case .launchFailed:
            throw FindingError(
                .ociCredentialsHelperFailed, "'\(program)' could not be started", input: input,
                details: details.merging(["path": path]) { $1 })
        case .timedOut:
            throw FindingError(
                .ociCredentialsHelperTimeout,
                "'\(program)' did not answer within \(timeout) and was stopped", input: input, details: details)
        case .outputTooLarge:
            throw FindingError(
                .ociCredentialsHelperFailed,
                "'\(program)' printed more than \(maxOutputBytes) bytes and was stopped", input: input,
                details: details.merging(["reason": "output-too-large"]) { $1 })
        case .exited(let status, let output):
            guard status == 0 else {
                let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if text == Self.notFoundMessage { return .notFound }
                // The output is not quoted: a misbehaving helper could print a secret.
                throw FindingError(
                    .ociCredentialsHelperFailed, "'\(program) get' failed with exit status \(status)", input: input,
                    details: details.merging(["exitStatus": String(status)]) { $1 })
            }
            return try Self.parse(output, program: program, input: input, details: details)
        }
    }

    /// `{"ServerURL","Username","Secret"}`; `<token>` as the user name makes the secret an identity token.
    static func parse(
        _ output: Data, program: String, input: String, details: [String: String]
    ) throws(FindingError) -> Answer {
        let username: String
        let secret: String
        do {
            let root = try JSONDocument.parse(output, input: program).cursor
            username = try root.optional("Username", nullIsAbsent: true)?.string() ?? ""
            secret = try root.optional("Secret", nullIsAbsent: true)?.string() ?? ""
        } catch {
            // The parser's own findings may quote the output; only the fact is reported.
            throw FindingError(
                .ociCredentialsHelperOutputInvalid,
                "'\(program) get' did not print a JSON object with string Username and Secret", input: input,
                details: details)
        }
        if username.isEmpty && secret.isEmpty { return .notFound }
        if username == "<token>" {
            guard !secret.isEmpty else {
                throw FindingError(
                    .ociCredentialsHelperOutputInvalid, "'\(program) get' gave an identity token that is empty",
                    input: input, details: details)
            }
            return .found(.identityToken(secret))
        }
        return .found(.basic(.init(username: username, password: secret)))
    }

    // MARK: Running the program

    enum Run: Sendable {
        case exited(Int32, Data)
        case launchFailed
        case timedOut
        case outputTooLarge
    }

    /// Runs a program with `get` as its only argument, off the cooperative thread pool.
    static func run(
        path: String, stdin: Data, environment: [String: String], timeout: Duration, maxOutputBytes: Int
    ) async -> Run {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    returning: runBlocking(
                        path: path, stdin: stdin, environment: environment, timeout: timeout,
                        maxOutputBytes: maxOutputBytes))
            }
        }
    }

    private static func runBlocking(
        path: String, stdin: Data, environment: [String: String], timeout: Duration, maxOutputBytes: Int
    ) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["get"]
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        // The server URL fits the pipe buffer, so it is written before the program starts: no SIGPIPE if the
        // program never reads it.
        input.fileHandleForWriting.write(stdin)
        try? input.fileHandleForWriting.close()
        do {
            try process.run()
        } catch {
            try? input.fileHandleForReading.close()
            try? output.fileHandleForReading.close()
            try? output.fileHandleForWriting.close()
            return .launchFailed
        }
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
        let reader = output.fileHandleForReading
        var readerOpen = true
        defer { if readerOpen { try? reader.close() } }

        // A time limit, not a verification time: measured on the monotonic clock, so a wall-clock change cannot
        // stretch or cut it.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        func secondsLeft() -> Double {
            let left = clock.now.duration(to: deadline).components
            return Double(left.seconds) + Double(left.attoseconds) / 1e18
        }
        var collected = Data()
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        // A helper has nothing to save: it is killed outright (SIGTERM may be ignored, inherited from the parent).
        // Closing the pipe too ends children it left behind that still write to it (SIGPIPE).
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            try? reader.close()
            readerOpen = false
            _ = exited.wait(timeout: .now() + 2)
        }
        while true {
            let remaining = secondsLeft()
            guard remaining > 0 else {
                stop()
                return .timedOut
            }
            var descriptor = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000)) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                stop()
                return .launchFailed
            }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(reader.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                stop()
                return .launchFailed
            }
            if count == 0 { break }
            collected.append(contentsOf: buffer[0..<count])
            if collected.count > maxOutputBytes {
                stop()
                return .outputTooLarge
            }
        }
        let remaining = max(secondsLeft(), 0)
        if exited.wait(timeout: .now() + remaining) == .timedOut {
            stop()
            return .timedOut
        }
        return .exited(process.terminationStatus, collected)
    }
}
