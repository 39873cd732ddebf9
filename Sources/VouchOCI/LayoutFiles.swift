import Foundation
import VouchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of one image layout, reached only through paths that stay inside it.
///
/// Every path is resolved one component at a time with `lstat`: a symbolic link is followed only when its target,
/// fully resolved, is still inside the layout's own resolved directory; otherwise the path is refused with
/// `oci.layout.symlink-escape` before anything is opened. Names come from parsed digests or fixed names, so they
/// never contain `/` or `..` themselves. The final open uses `O_NOFOLLOW` on the resolved path, so a link swapped
/// in after the check is not followed either.
struct LayoutFiles: Sendable {
    /// The layout directory as the user named it, for messages.
    let displayPath: String
    /// The layout directory with every symbolic link resolved.
    let root: String

    /// What a confined lookup found.
    enum Entry {
        case file(path: String, size: Int64)
        case missing
    }

    init(path: String) throws(FindingError) {
        displayPath = path
        guard let resolved = realpath(path, nil) else {
            throw FindingError(
                .inputUnreadable, "the layout directory does not exist or cannot be read", input: path,
                details: ["errno": String(errno)])
        }
        root = String(cString: resolved)
        free(resolved)
        var info = stat()
        guard stat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw FindingError(.inputUnreadable, "not a directory", input: path)
        }
    }

    /// The name findings use for a file in the layout: `LAYOUT/blobs/sha256/…`.
    func display(_ relative: String) -> String {
        displayPath.hasSuffix("/") ? displayPath + relative : displayPath + "/" + relative
    }

    /// The relative path of a blob. Safe because a `Digest` holds only a known algorithm and lowercase hex.
    static func blobPath(_ digest: Digest) -> String {
        "blobs/\(digest.algorithm.rawValue)/\(digest.hex)"
    }

    /// Looks up `relative` (components separated by `/`, none of them `.` or `..`) inside the layout.
    ///
    /// - Throws: `oci.layout.symlink-escape` when a link on the way leads outside, `oci.layout.not-a-file` when the
    ///   end is not a regular file, `input.unreadable` on other errors.
    func lookup(_ relative: String, pointer: JSONPointer? = nil, input: String? = nil) throws(FindingError) -> Entry {
        let findingInput = input ?? display(relative)
        var current = root
        let components = relative.split(separator: "/").map(String.init)
        precondition(components.allSatisfy { $0 != "." && $0 != ".." }, "layout paths are built from safe names")
        for component in components {
            let candidate = current + "/" + component
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { return .missing }
                throw FindingError(
                    .inputUnreadable, "cannot look up the file: \(String(cString: strerror(errno)))",
                    input: findingInput, pointer: pointer, details: ["path": display(relative)])
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                current = try follow(candidate, relative: relative, pointer: pointer, input: findingInput)
                if current.isEmpty { return .missing }
            } else {
                current = candidate
            }
        }
        var info = stat()
        guard stat(current, &info) == 0 else { return .missing }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FindingError(
                .ociLayoutNotAFile, "not a regular file", input: findingInput, pointer: pointer,
                details: ["path": display(relative)])
        }
        return .file(path: current, size: Int64(info.st_size))
    }

    /// Resolves a symbolic link found on the way, refusing targets outside the layout. Empty when it dangles inside.
    private func follow(
        _ link: String, relative: String, pointer: JSONPointer?, input: String
    ) throws(FindingError) -> String {
        if let resolved = realpath(link, nil) {
            let target = String(cString: resolved)
            free(resolved)
            guard target == root || target.hasPrefix(root + "/") else {
                throw escape(relative, target: target, pointer: pointer, input: input)
            }
            return target
        }
        // A dangling link: judge where it points without resolving further.
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count >= 0 else { return "" }
        let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let absolute = text.hasPrefix("/") ? text : (link as NSString).deletingLastPathComponent + "/" + text
        let standardized = (absolute as NSString).standardizingPath
        guard standardized == root || standardized.hasPrefix(root + "/") else {
            throw escape(relative, target: standardized, pointer: pointer, input: input)
        }
        return ""
    }

    private func escape(_ relative: String, target: String, pointer: JSONPointer?, input: String) -> FindingError {
        FindingError(
            .ociLayoutSymlinkEscape, "a symbolic link leads outside the layout; it is not followed",
            input: input, pointer: pointer, details: ["path": display(relative), "target": target])
    }

    /// Reads a whole file found by ``lookup(_:pointer:input:)``, at most `maxBytes`.
    func read(_ path: String, maxBytes: Int, input: String) throws(FindingError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw FindingError(.inputUnreadable, "cannot open: \(String(cString: strerror(errno)))", input: input)
        }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FindingError(.inputUnreadable, "read failed: \(String(cString: strerror(errno)))", input: input)
            }
            if count == 0 { break }
            guard data.count + count <= maxBytes else {
                throw FindingError(
                    .inputTooLarge, "the file is larger than the limit of \(maxBytes) bytes",
                    input: input, details: ["limit": String(maxBytes)])
            }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// The names in a directory of the layout (not following a link that leaves it), or `nil` when it is absent.
    func list(_ relative: String) throws(FindingError) -> [String]? {
        var current = root
        for component in relative.split(separator: "/").map(String.init) {
            let candidate = current + "/" + component
            var info = stat()
            guard lstat(candidate, &info) == 0 else { return nil }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                current = try follow(candidate, relative: relative, pointer: nil, input: display(relative))
                if current.isEmpty { return nil }
            } else {
                current = candidate
            }
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: current) else { return nil }
        return names.sorted()
    }
}

/// `read(2)`, named apart from the method above.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
