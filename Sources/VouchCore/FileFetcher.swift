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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FindingError(.inputUnreadable, "no such file", input: path)
        }
        guard !isDirectory.boolValue else {
            throw FindingError(.inputUnreadable, "is a directory, not a file", input: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FindingError(.inputUnreadable, "cannot open the file for reading", input: path)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes < Int.max ? maxBytes + 1 : Int.max) ?? Data()
        } catch {
            throw FindingError(.inputUnreadable, "read failed: \(error.localizedDescription)", input: path)
        }
        guard data.count <= maxBytes else { throw tooLarge(path, data.count, maxBytes) }
        return data
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
