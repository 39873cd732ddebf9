import Foundation

/// A fresh temporary directory, removed by the caller with `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "vouch") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }

    /// A writable copy of a committed fixture folder (`testdata/<relativePath>`), for tests that damage it.
    public func copy(testdata relativePath: String, as target: String) throws -> String {
        let destination = url.appendingPathComponent(target)
        try FileManager.default.copyItem(at: TestPaths.fixture(relativePath), to: destination)
        return destination.path
    }
}
