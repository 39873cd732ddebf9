import Foundation

/// One case of an external suite's `cases.json` (see ../shared/testsuites/README.md): id, expectation, kind, the
/// files it names (resolved against the suite folder) and its arguments.
public struct ExternalCase: @unchecked Sendable, CustomStringConvertible {
    public let suite: String
    public let id: String
    /// `pass` or `fail`.
    public let expect: String
    public let kind: String?
    /// Role → absolute file URL.
    public let files: [String: URL]
    /// The `args` object as Foundation values (read-only after loading, hence `@unchecked Sendable`).
    public let args: [String: Any]
    public let why: String?

    public var description: String { "\(suite)/\(id)" }

    /// The file for `role`, or an error naming the case.
    public func file(_ role: String) throws -> URL {
        guard let url = files[role] else { throw CaseError(message: "\(self) has no file '\(role)'") }
        return url
    }

    /// Every case of `suite`, in file order. Throws when the suite folder or its cases.json is missing or malformed.
    public static func all(in suite: String) throws -> [ExternalCase] {
        let root = try TestPaths.externalSuite(suite)
        let data = try Data(contentsOf: root.appendingPathComponent("cases.json"))
        guard let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CaseError(message: "\(suite)/cases.json is not an array of objects")
        }
        return try entries.map { entry in
            guard let id = entry["id"] as? String, let expect = entry["expect"] as? String else {
                throw CaseError(message: "\(suite)/cases.json has an entry without id or expect")
            }
            let files = (entry["files"] as? [String: String] ?? [:]).mapValues { root.appendingPathComponent($0) }
            return ExternalCase(
                suite: suite, id: id, expect: expect, kind: entry["kind"] as? String, files: files,
                args: entry["args"] as? [String: Any] ?? [:], why: entry["why"] as? String)
        }
    }
}

public struct CaseError: Error, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
