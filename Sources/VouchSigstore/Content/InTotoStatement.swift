import VouchCore
import VouchJSON

/// The parts of an in-toto Statement (v1 or v0.1) that bind it to an artifact:
///
/// ```
/// Statement = { "_type": "https://in-toto.io/Statement/v1" | ".../v0.1",
///               "subject": [ { "name": string, "digest": { <algorithm>: <hex>, ... } } ],
///               "predicateType": URI, "predicate": object }
/// ```
/// Unknown members are ignored, as the specification requires. Matching is by digest only.
struct InTotoStatement: Sendable {
    struct Subject: Sendable {
        var name: String
        var digests: [String: String]
    }

    var type: String
    var predicateType: String
    var subjects: [Subject]

    static let payloadType = "application/vnd.in-toto+json"

    static func parse(_ payload: [UInt8], input: String, limits: Limits) throws(FindingError) -> InTotoStatement {
        let root = try JSONDocument.parse(payload, input: input, limits: limits).cursor
        let type = try root.required("_type").string()
        guard type.hasPrefix("https://in-toto.io/Statement/") else {
            throw root.error(.sigstoreDSSEStatementMalformed, "'\(type)' is not an in-toto statement type")
        }
        let list = try root.required("subject").array()
        guard list.count <= limits.maxInTotoSubjects else {
            throw root.error(
                .sigstoreBundleLimitExceeded, "the statement has more subjects than allowed",
                details: ["limit": String(limits.maxInTotoSubjects), "actual": String(list.count)])
        }
        var subjects: [Subject] = []
        for item in list {
            var digests: [String: String] = [:]
            for (algorithm, value) in try item.required("digest").members() {
                digests[algorithm] = try value.string().lowercased()
            }
            subjects.append(Subject(name: try item.optional("name")?.string() ?? "", digests: digests))
        }
        return InTotoStatement(
            type: type, predicateType: try root.optional("predicateType")?.string() ?? "", subjects: subjects)
    }

    /// The first subject one of whose digests equals the artifact's digest in the same algorithm.
    func subject(matching digests: [DigestAlgorithm: Digest]) -> Subject? {
        subjects.first { subject in
            digests.contains { algorithm, digest in subject.digests[algorithm.rawValue] == digest.hex }
        }
    }
}
