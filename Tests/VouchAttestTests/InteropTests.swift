import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@testable import VouchAttest

/// Envelopes made by securesystemslib (scripts/make-attest-fixtures): every key kind and predicate verifies, and
/// every negative fails with the code that names its defect.
@Suite("securesystemslib interoperability")
struct InteropTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let envelope: String
        let keys: [String]
        let threshold: Int
        let type: String
        let expect: String
        let code: String?
        var testDescription: String { id }
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: TestPaths.fixture("attest/cases.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try entries.map { entry in
            Case(
                id: try #require(entry["id"] as? String), envelope: try #require(entry["envelope"] as? String),
                keys: try #require(entry["keys"] as? [String]), threshold: try #require(entry["threshold"] as? Int),
                type: try #require(entry["type"] as? String), expect: try #require(entry["expect"] as? String),
                code: entry["code"] as? String)
        }
    }

    static func verify(_ bytes: Data, input: String, with verifier: AttestationVerifier) -> Outcome<VerifiedAttestation> {
        do {
            return verifier.verify(try DSSEEnvelope.parse(bytes, input: input))
        } catch {
            return .failed(error.findings)
        }
    }

    @Test("each fixture gives its expected verdict and code", arguments: try cases())
    func fixture(_ sample: Case) throws {
        let directory = TestPaths.fixture("attest")
        let keys = try sample.keys.map { name in
            DSSEKey(try PublicKey.load(try Data(contentsOf: directory.appendingPathComponent(name)), input: name))
        }
        let artifact = try Data(contentsOf: directory.appendingPathComponent("artifact.txt"))
        let verifier = AttestationVerifier(
            dsse: DSSEVerifier(keys: keys, threshold: sample.threshold),
            policy: AttestationPolicy(
                predicateType: try PredicateTypeMatcher(sample.type),
                artifactDigests: [Digest.of(artifact, using: .sha256)]))
        let bytes = try Data(contentsOf: directory.appendingPathComponent(sample.envelope))
        let outcome = Self.verify(bytes, input: sample.envelope, with: verifier)
        if sample.expect == "pass" {
            #expect(outcome.isVerified, "\(outcome.findings)")
        } else {
            #expect(!outcome.isVerified)
            let codes = outcome.findings.filter { $0.severity == .error }.map(\.code.rawValue)
            #expect(codes.contains(try #require(sample.code)), "\(codes)")
        }
    }
}
