import Foundation

/// A ``Fetcher`` that reads `file:` URLs, optionally only below one directory. Used for `--offline`.
public struct FileFetcher: Fetcher {
    /// When set, only files under this directory (after resolving symbolic links) are readable.
    public let root: URL?
    public let limits: Limits

    public init(root: URL? = nil, limits: Limits = .default) {
        self.root = root?.standardizedFileURL.resolvingSymlinksInPath()
        self.limits = limits
    }

    public func fetch(_ request: FetchRequest) async throws(FindingError) -> FetchResponse {
        let url = request.url
        guard url.isFileURL else {
            throw FindingError(.fetchRefused, "only file: URLs can be read offline", input: url.absoluteString)
        }
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
        if let root {
            let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
            guard resolved.path.hasPrefix(rootPath) else {
                throw FindingError(
                    .fetchRefused,
                    "path is outside the allowed directory",
                    input: url.absoluteString,
                    details: ["root": root.path, "resolved": resolved.path]
                )
            }
        }
        let data = try LocalFile.read(resolved.path, maxBytes: request.maxBytes ?? limits.maxFetchBytes)
        return FetchResponse(
            url: url,
            status: 200,
            headers: ["content-length": [String(data.count)]],
            body: request.method == .head ? Data() : data
        )
    }
}

/// Reading whole local files with a size limit, shared by the fetchers and the command line.
public enum LocalFile {
    /// Reads a file, or standard input for `-`, failing with `input.too-large` past `maxBytes`.
    public static func read(_ path: String, maxBytes: Int) throws(FindingError) -> Data {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= maxBytes else { throw tooLarge(path, data.count, maxBytes) }
            return data
        }
        // open + fstat + read of exactly the file's size: FileHandle.read(upToCount:) sized its buffer by the limit
        // (256 MiB for JSON), a large allocation on every read of a small bundle.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot open the file for reading"
            throw FindingError(.inputUnreadable, reason, input: path, details: ["errno": String(errno)])
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FindingError(.inputUnreadable, "cannot read the file's status", input: path)
        }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw FindingError(.inputUnreadable, "is a directory, not a file", input: path)
        }
        let expected = Int(status.st_size)
        guard expected <= maxBytes else { throw tooLarge(path, expected, maxBytes) }
        // Read until end of file, whatever fstat said (pipes and /proc files report 0), never past the limit.
        var bytes = [UInt8](repeating: 0, count: max(expected, 4096) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= maxBytes else { throw tooLarge(path, count, maxBytes) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maxBytes + 1 - count)))
            }
            let read = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                throw FindingError(
                    .inputUnreadable, "read failed: \(String(cString: strerror(errno)))", input: path)
            }
            if read == 0 { break }
            count += read
        }
        guard count <= maxBytes else { throw tooLarge(path, count, maxBytes) }
        return Data(bytes[..<count])
    }

    private static func tooLarge(_ path: String, _ size: Int, _ limit: Int) -> FindingError {
        FindingError(
            .inputTooLarge,
            "input is larger than the limit of \(limit) bytes",
            input: path,
            details: ["limit": String(limit), "atLeast": String(size)]
        )
    }
}
