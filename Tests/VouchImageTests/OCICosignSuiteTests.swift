import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchOCI
import VouchSigstore
import VouchTestSupport

/// ../shared/testsuites/oci-cosign: the containers/image `dir:` images with sigstore signatures, each verified as
/// its case says through `vouch verify image` (failing cases with the code of testdata/image/oci-cosign), and the
/// `cosign save` layouts of slsa-verifier, whose only attachment is an attestation.
@Suite("oci-cosign suite")
struct OCICosignSuiteTests {
    static let cases: [ExternalCase] = (try? ExternalCase.all(in: "oci-cosign")) ?? []
    static let signatureCases = cases.filter { $0.kind == "dir-image-sigstore-signature" }
    static let layouts = Dictionary(
        grouping: cases.filter { $0.kind == "oci-layout-slsa-provenance" }, by: { $0.args["layout_dir"] as! String }
    ).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    static func expectedCodes() throws -> [String: String] {
        try JSONDecoder().decode(
            [String: String].self,
            from: Data(contentsOf: TestPaths.fixture("image/oci-cosign/expected-codes.json")))
    }

    @Test("the suite is present: 13 dir: signature cases and 5 cosign save layouts")
    func present() throws {
        let all = try ExternalCase.all(in: "oci-cosign")
        #expect(all.filter { $0.kind == "dir-image-sigstore-signature" }.count == 13)
        #expect(Self.layouts.count == 5)
        let failing = Set(all.filter { $0.kind == "dir-image-sigstore-signature" && $0.expect == "fail" }.map(\.id))
        #expect(failing == Set(try Self.expectedCodes().keys))
    }

    @Test("each dir: case passes or fails as its policy says, failures with their code", arguments: signatureCases)
    func signatureCase(_ testCase: ExternalCase) throws {
        let directory = try TemporaryDirectory("vouch-oci-cosign")
        defer { directory.remove() }
        let arguments = try ContainersPolicy.arguments(for: testCase, work: directory)
        let run = try ImageCLI.run(["verify", "image"] + arguments + ["--format", "json"])
        if testCase.expect == "pass" {
            #expect(run.status == 0 && run.verdict == "verified", "\(testCase.id): \(run.stdout)")
        } else {
            let code = try #require(try Self.expectedCodes()[testCase.id])
            #expect(run.status == 1, "\(testCase.id): \(run.stdout)")
            #expect(run.codes.contains(code), "\(testCase.id): expected \(code), got \(run.codes.sorted())")
        }
    }

    @Test(
        "each cosign save layout: no image signature, one attestation whose signature verifies for the case's identity",
        arguments: layouts.map(\.0))
    func slsaLayout(_ layoutDirectory: String) async throws {
        let cases = try #require(Self.layouts.first { $0.0 == layoutDirectory }?.1)
        let suite = try TestPaths.externalSuite("oci-cosign")
        let identities = Set(cases.map { $0.args["certificate_identity"] as! String })
        #expect(identities.count == 1)
        let root = try TrustedRoot.load(
            path: suite.appendingPathComponent(cases[0].args["trusted_root"] as! String).path)
        let identity = CertificateIdentity(
            subjectAlternativeName: .exact(identities.first!),
            issuer: .exact(cases[0].args["certificate_oidc_issuer"] as! String))
        let verifier = ImageVerifier(
            policy: .identity(identity), trustedRoot: root,
            options: ImageVerificationOptions(time: try VerificationTime(rfc3339: "2026-01-01T00:00:00Z")))
        let store = try LayoutImageStore(
            LayoutReference(path: suite.appendingPathComponent(layoutDirectory).path))
        let result = try await verifier.verify(store)
        #expect(result.verdict == .unsigned)
        #expect(result.digest.description == cases[0].args["image_digest"] as? String)
        #expect(result.contentChecked && !result.findings.contains { $0.code.rawValue.hasPrefix("oci.") })
        #expect(result.findings.contains { $0.code == .imageAttestationFound })
        #expect(result.attestations.count == 1)
        let attestation = try #require(result.attestations.first)
        let judged = await verifier.judge(attestation, of: result.digest, in: store)
        // Rekor intoto 0.0.1 entries (the older generator versions) are bound like the others.
        #expect(judged.status == .verified, "\(judged.findings)")
        #expect(judged.verified?.statement?.predicateType == PredicateTypeMatcher.slsaProvenanceV02)

        let stranger = ImageVerifier(
            policy: .identity(
                CertificateIdentity(
                    subjectAlternativeName: .exact("https://github.com/evil/.github/workflows/x.yml@refs/heads/main"),
                    issuer: identity.issuer)),
            trustedRoot: root, options: verifier.options)
        let strange = await stranger.judge(attestation, of: result.digest, in: store)
        #expect(strange.status != .verified && strange.findings.contains { $0.code == .sigstoreIdentitySANMismatch })
    }
}

/// Turns a containers/image policy of the suite into `vouch verify image` flags (testdata/image/oci-cosign/README.md).
enum ContainersPolicy {
    static func arguments(for testCase: ExternalCase, work: TemporaryDirectory) throws -> [String] {
        let suite = try TestPaths.externalSuite("oci-cosign")
        func path(_ relative: Any?) -> String { suite.appendingPathComponent(relative as! String).path }
        let args = testCase.args
        var arguments = ["dir:" + path(args["image_dir"]), "--skip-blob-check"]
        let keys = (args["keys"] as? [String] ?? []).map(path)
        let rekorKeys = (args["rekor_keys"] as? [String] ?? []).map(path)
        let fulcio = args["fulcio"] as? [String: String]
        var create: [String] = []
        for key in keys { arguments += ["--key", key] }
        for key in rekorKeys { create += ["--rekor-key", "\(key),url=https://rekor.sigstore.dev"] }
        if let fulcio {
            create += ["--fulcio-chain", path(fulcio["ca"])]
            arguments += [
                "--certificate-identity", fulcio["subject_email"]!, "--certificate-oidc-issuer", fulcio["oidc_issuer"]!,
                "--insecure-ignore-sct",
            ]
        }
        if !create.isEmpty {
            let root = work.path + "/trusted_root.json"
            let made = try VouchProcess.run(["trusted-root", "create"] + create + ["--out", root])
            guard made.status == 0 else { throw CaseError(message: "trusted-root create failed: \(made.stderr)") }
            arguments += ["--trusted-root", root]
        } else if !keys.isEmpty {
            arguments.append("--insecure-ignore-tlog")
        }
        if let pki = args["pki"] as? [String: String] {
            arguments += [
                "--ca-roots", path(pki["ca_roots"]), "--ca-intermediates", path(pki["ca_intermediates"]),
                "--certificate-identity", pki["subject_email"]!, "--certificate-oidc-issuer-regexp", "^.*$",
                "--insecure-ignore-tlog",
            ]
        }
        let reference = try ImageReference(parsing: args["reference"] as! String)
        switch (args["signed_identity"] as? [String: String])?["type"] {
        case "matchRepository": arguments += ["--docker-reference", reference.name]
        case "matchExact": arguments += ["--docker-reference", reference.description]
        case let other: throw CaseError(message: "\(testCase.id): no mapping for signed identity \(other ?? "none")")
        }
        return arguments
    }
}
