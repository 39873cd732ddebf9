import VouchCore
import VouchJSON

/// A SLSA Verification Summary Attestation, v1 (`https://slsa.dev/verification_summary/v1`).
///
/// ```
/// { verifier{id, version{…}}, timeVerified, resourceUri, policy{uri, digest},
///   inputAttestations[{uri, digest}], verificationResult: "PASSED"|"FAILED",
///   verifiedLevels[…], dependencyLevels{…}, slsaVersion }
/// ```
public struct VerificationSummary: Sendable, Hashable {
    public static let predicateType = "https://slsa.dev/verification_summary/v1"

    public enum Result: String, Sendable, Hashable {
        case passed = "PASSED"
        case failed = "FAILED"
    }

    public var verifierID: String
    public var timeVerified: VerificationTime?
    public var resourceURI: String
    public var policyURI: String?
    public var policyDigest: [String: String]
    public var inputAttestations: [ResourceDescriptor]
    public var verificationResult: Result
    public var verifiedLevels: [String]
    public var slsaVersion: String?

    public init(
        verifierID: String, timeVerified: VerificationTime?, resourceURI: String, policyURI: String?,
        policyDigest: [String: String], inputAttestations: [ResourceDescriptor], verificationResult: Result,
        verifiedLevels: [String], slsaVersion: String?
    ) {
        self.verifierID = verifierID
        self.timeVerified = timeVerified
        self.resourceURI = resourceURI
        self.policyURI = policyURI
        self.policyDigest = policyDigest
        self.inputAttestations = inputAttestations
        self.verificationResult = verificationResult
        self.verifiedLevels = verifiedLevels
        self.slsaVersion = slsaVersion
    }

    /// Reads the predicate of a VSA v1 statement.
    public init(_ statement: InTotoStatement) throws(FindingError) {
        guard statement.predicateType == Self.predicateType else {
            throw FindingError(
                .predicateTypeMismatch, "predicate type '\(statement.predicateType)' is not a SLSA VSA v1",
                input: statement.document.input, pointer: ["predicateType"])
        }
        guard let predicate = statement.predicate else {
            throw FindingError(.predicateMalformed, "the VSA has no predicate", input: statement.document.input)
        }
        do throws(FindingError) {
            verifierID = try predicate.required("verifier").required("id").string()
            if let time = try predicate.optional("timeVerified", nullIsAbsent: true) {
                timeVerified = try VerificationTime(rfc3339: try time.string(), input: statement.document.input)
            } else {
                timeVerified = nil
            }
            resourceURI = try predicate.required("resourceUri").string()
            let policy = try predicate.optional("policy", nullIsAbsent: true)
            policyURI = try policy?.optional("uri", nullIsAbsent: true)?.string()
            var digests: [String: String] = [:]
            for (algorithm, value) in try policy?.optional("digest", nullIsAbsent: true)?.members() ?? [] {
                digests[algorithm] = try value.string()
            }
            policyDigest = digests
            var inputs: [ResourceDescriptor] = []
            for entry in try predicate.optional("inputAttestations", nullIsAbsent: true)?.array() ?? [] {
                var entryDigests: [String: String] = [:]
                for (algorithm, value) in try entry.optional("digest", nullIsAbsent: true)?.members() ?? [] {
                    entryDigests[algorithm] = try value.string()
                }
                inputs.append(ResourceDescriptor(
                    uri: try entry.optional("uri", nullIsAbsent: true)?.string(), name: nil, digest: entryDigests))
            }
            inputAttestations = inputs
            let resultCursor = try predicate.required("verificationResult")
            let resultText = try resultCursor.string()
            guard let result = Result(rawValue: resultText) else {
                throw resultCursor.error(.predicateMalformed, "verificationResult must be PASSED or FAILED")
            }
            verificationResult = result
            verifiedLevels = try (predicate.optional("verifiedLevels", nullIsAbsent: true)?.array() ?? []).map {
                (level) throws(FindingError) in try level.string()
            }
            slsaVersion = try predicate.optional("slsaVersion", nullIsAbsent: true)?.string()
        } catch {
            throw FindingError(error.findings.map { finding in
                var copy = finding
                if copy.code.rawValue.hasPrefix("json.") { copy.code = .predicateMalformed }
                return copy
            })
        }
    }

    /// The predicate as JSON, for Vouch's own VSAs.
    public var predicateJSON: JSONNode {
        func digestObject(_ digests: [String: String]) -> JSONNode {
            JSONNode(.object(JSONObject(digests.map { JSONMember(key: $0.key, value: JSONNode(.string($0.value))) })))
        }
        var object: JSONObject = [
            "verifier": ["id": JSONNode(.string(verifierID))],
            "resourceUri": JSONNode(.string(resourceURI)),
            "verificationResult": JSONNode(.string(verificationResult.rawValue)),
            "verifiedLevels": JSONNode(.array(verifiedLevels.map { JSONNode(.string($0)) })),
            "inputAttestations": JSONNode(.array(inputAttestations.map { input in
                var entry = JSONObject()
                if let uri = input.uri { entry["uri"] = JSONNode(.string(uri)) }
                entry["digest"] = digestObject(input.digest)
                return JSONNode(.object(entry))
            })),
        ]
        if let timeVerified { object["timeVerified"] = JSONNode(.string(timeVerified.rfc3339)) }
        if policyURI != nil || !policyDigest.isEmpty {
            var policy = JSONObject()
            if let policyURI { policy["uri"] = JSONNode(.string(policyURI)) }
            if !policyDigest.isEmpty { policy["digest"] = digestObject(policyDigest) }
            object["policy"] = JSONNode(.object(policy))
        }
        if let slsaVersion { object["slsaVersion"] = JSONNode(.string(slsaVersion)) }
        return JSONNode(.object(object))
    }
}
