import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchSigstore
import VouchTestSupport

/// Every case of ../shared/testsuites/sigstore-conformance, through the library, with the artifact as a file and as
/// its `sha256:` digest. Pass cases verify; fail cases fail with the finding code that names the actual defect.
@Suite("sigstore-conformance through the library")
struct ConformanceSuiteTests {
    static let cases: [ExternalCase] = (try? ExternalCase.all(in: "sigstore-conformance")) ?? []

    @Test("the suite is present and complete")
    func suitePresent() throws {
        let cases = try ExternalCase.all(in: "sigstore-conformance")
        #expect(cases.count == 42)
        #expect(Set(cases.filter { $0.expect == "fail" }.map(\.id)) == Set(ConformanceExpectations.codes.keys))
        #expect(cases.filter { $0.expect == "pass" }.count == 15)
    }

    @Test("each case, artifact as a file and as a digest", arguments: cases)
    func conformance(_ testCase: ExternalCase) throws {
        for artifact in try ConformanceRun.artifacts(testCase) {
            let outcome = ConformanceRun.verify(testCase, artifact: artifact)
            let codes = outcome.codes
            if testCase.expect == "pass" {
                #expect(outcome.passed, "\(testCase.id) [\(artifact.name)] failed: \(outcome.describe)")
            } else {
                let expected = try #require(ConformanceExpectations.codes[testCase.id], "no code for \(testCase.id)")
                #expect(!outcome.passed, "\(testCase.id) [\(artifact.name)] verified but must fail")
                #expect(
                    codes.contains(expected),
                    "\(testCase.id) [\(artifact.name)]: expected \(expected), got \(outcome.describe)")
            }
        }
    }
}

/// Runs one conformance case through ``SigstoreVerifier``.
enum ConformanceRun {
    struct Result {
        var passed: Bool
        var findings: [Finding]
        var codes: Set<FindingCode> { Set(findings.filter { $0.severity == .error }.map(\.code)) }
        var describe: String { findings.map(\.description).joined(separator: "\n") }
    }

    static func artifacts(_ testCase: ExternalCase) throws -> [Artifact] {
        let file = try testCase.file("artifact")
        let digest = try #require(testCase.args["artifact_digest"] as? String)
        return [.file(path: file.path), .digest(try Digest(parsing: digest))]
    }

    static func verify(_ testCase: ExternalCase, artifact: Artifact) -> Result {
        do {
            let root = try TrustedRoot.load(path: try testCase.file("trusted_root").path)
            let bundle = try UnverifiedBundle.load(path: try testCase.file("bundle").path)
            let policy: VerificationPolicy
            if let keyFile = testCase.files["key"] {
                policy = .publicKey(try PublicKey.load(try Data(contentsOf: keyFile), input: keyFile.path))
            } else {
                policy = .identity(
                    CertificateIdentity(
                        subjectAlternativeName: .exact(testCase.args["identity"] as? String ?? ""),
                        issuer: .exact(testCase.args["issuer"] as? String ?? "")))
            }
            switch try SigstoreVerifier(trustedRoot: root).verify(bundle, artifact: artifact, policy: policy) {
            case .verified(_, let notes): return Result(passed: true, findings: notes)
            case .failed(let findings): return Result(passed: false, findings: findings)
            }
        } catch let error as FindingError {
            return Result(passed: false, findings: error.findings)
        } catch {
            return Result(passed: false, findings: [Finding(.internalError, "\(error)", input: testCase.id)])
        }
    }
}
