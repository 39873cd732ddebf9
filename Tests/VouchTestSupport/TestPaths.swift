import Foundation

/// Where tests find the repository, its fixtures and the external conformance suites.
public enum TestPaths {
    /// The repository root, found from this file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // VouchTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `testdata/` in the repository: fixtures the project makes itself.
    public static let testdata = repositoryRoot.appendingPathComponent("testdata")

    /// `../shared/testsuites`, or the folder named by `VOUCH_TESTSUITES`.
    public static let externalSuites: URL = {
        if let override = ProcessInfo.processInfo.environment["VOUCH_TESTSUITES"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testsuites")
    }()

    /// One external suite's folder. Throws a clear error when it is missing, so CI fails loudly instead of skipping.
    public static func externalSuite(_ name: String) throws -> URL {
        let url = externalSuites.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MissingSuite(name: name, path: url.path)
        }
        return url
    }

    /// A file under `testdata/`.
    public static func fixture(_ relativePath: String) -> URL {
        testdata.appendingPathComponent(relativePath)
    }
}

/// The external conformance suite is not where the tests expect it.
public struct MissingSuite: Error, CustomStringConvertible {
    public let name: String
    public let path: String
    public var description: String {
        "external test suite '\(name)' not found at \(path): the suites live in ../shared/testsuites "
            + "(or set VOUCH_TESTSUITES); they are required, not optional"
    }
}
