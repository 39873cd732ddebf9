import VouchCore
import VouchJSON

/// An in-toto attestation Statement, v1 or v0.1 (in-toto/attestation spec/v1/statement.md, spec/v0.1.0).
///
/// ```
/// { "_type": "https://in-toto.io/Statement/v1" | "https://in-toto.io/Statement/v0.1",
///   "subject": [ { "name": "<NAME>", "digest": { "<ALGORITHM>": "<HEX>", … } }, … ],
///   "predicateType": "<URI>",
///   "predicate": { … } }
/// ```
/// Parsed only from verified bytes (``VerifiedDSSEEnvelope/payload``), never from a re-serialization.
public struct InTotoStatement: Sendable {
    public enum Version: String, Sendable, Hashable {
        case v1 = "https://in-toto.io/Statement/v1"
        case v01 = "https://in-toto.io/Statement/v0.1"
    }

    public let version: Version
    public let subjects: [InTotoSubject]
    public let predicateType: String
    /// The predicate as a located cursor, for predicate parsers; `nil` when absent (allowed by v1).
    public let predicate: JSONCursor?
    public let document: JSONDocument

    /// Parses a statement. `input` names the envelope or file it came from.
    public static func parse(_ payload: [UInt8], input: String, limits: Limits = .default) throws(FindingError)
        -> InTotoStatement
    {
        let document = try JSONDocument.parse(payload, input: input, limits: limits)
        let root = document.cursor
        do throws(FindingError) {
            let typeCursor = try root.required("_type")
            let typeText = try typeCursor.string()
            guard let version = Version(rawValue: typeText) else {
                throw typeCursor.error(
                    .statementMalformed, "'\(typeText)' is not an in-toto Statement type",
                    details: ["actual": typeText, "expected": "\(Version.v1.rawValue) or \(Version.v01.rawValue)"])
            }
            let subjectList = try root.required("subject")
            let subjectCursors = try subjectList.array()
            guard !subjectCursors.isEmpty else {
                throw subjectList.error(.statementMalformed, "a statement needs at least one subject")
            }
            guard subjectCursors.count <= limits.maxInTotoSubjects else {
                throw subjectList.error(
                    .statementTooManySubjects, "the statement has more subjects than allowed",
                    details: ["limit": String(limits.maxInTotoSubjects), "actual": String(subjectCursors.count)])
            }
            var subjects: [InTotoSubject] = []
            for subject in subjectCursors {
                let name = try subject.optional("name", nullIsAbsent: true)?.string() ?? ""
                var digests: [String: String] = [:]
                let digestObject = try subject.required("digest")
                for (algorithm, value) in try digestObject.members() {
                    digests[algorithm] = try value.string().lowercased()
                }
                guard !digests.isEmpty else {
                    throw digestObject.error(.statementMalformed, "a subject needs at least one digest")
                }
                subjects.append(InTotoSubject(name: name, digests: digests, pointer: subject.pointer))
            }
            let predicateTypeCursor = try root.required("predicateType")
            let predicateType = try predicateTypeCursor.string()
            guard !predicateType.isEmpty else {
                throw predicateTypeCursor.error(.statementMalformed, "predicateType is empty")
            }
            return InTotoStatement(
                version: version, subjects: subjects, predicateType: predicateType,
                predicate: try root.optional("predicate", nullIsAbsent: true), document: document)
        } catch {
            throw FindingError(error.findings.map { finding in
                var copy = finding
                if copy.code.rawValue.hasPrefix("json.") { copy.code = .statementMalformed }
                return copy
            })
        }
    }

    /// The subjects whose digests include `digest` under the same algorithm name.
    ///
    /// Matching is by digest only (names are informational): any algorithm the subject and the artifact share counts,
    /// and a subject that lists several algorithms must agree on every one the artifact is known by.
    public func subjects(matching digests: [Digest]) -> [InTotoSubject] {
        subjects.filter { subject in
            var shared = 0
            for digest in digests {
                guard let listed = subject.digests[digest.algorithm.rawValue] else { continue }
                guard listed == digest.hex else { return false }
                shared += 1
            }
            return shared > 0
        }
    }

    /// A finding when no subject matches the artifact, else `nil`.
    public func subjectMismatch(for digests: [Digest], input: String) -> Finding? {
        guard subjects(matching: digests).isEmpty else { return nil }
        return Finding(
            .statementSubjectMismatch,
            "no subject of the statement has the artifact's digest",
            at: SourceLocation(input: input, pointer: ["subject"]),
            details: [
                "artifact": digests.map(\.description).joined(separator: ", "),
                "subjects": subjects.flatMap { $0.digests.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" } }
                    .joined(separator: ", "),
            ]
        )
    }
}

/// One subject of a statement: a name and its digests by algorithm name (lowercase hex).
public struct InTotoSubject: Sendable, Hashable {
    public let name: String
    public let digests: [String: String]
    public let pointer: JSONPointer
}
