import Foundation
import VouchCore
import VouchCrypto
import VouchImage
import VouchOCI
import VouchSigstore
import VouchTestSupport

/// The recorded fixtures of testdata/image, for library tests.
enum TestFixtures {
    static let time = try! VerificationTime(rfc3339: "2026-03-01T12:00:00Z")

    static func layout(_ name: String) -> String { TestPaths.fixture("image/\(name)").path }

    static func key(_ name: String = "cosign") throws -> PublicKey {
        try PublicKey.load(
            Data(contentsOf: TestPaths.fixture("image/keys/\(name).pub")), input: "\(name).pub")
    }

    static func root() throws -> TrustedRoot {
        try TrustedRoot.load(path: TestPaths.fixture("image/trusted_root.json").path)
    }

    static let identity = CertificateIdentity(
        subjectAlternativeName: .exact(TestSigstore.identity), issuer: .exact(TestSigstore.issuer))

    /// A verifier with the cosign key (or the identity) and the test root.
    static func verifier(
        keyless: Bool = false, options: ImageVerificationOptions = ImageVerificationOptions(time: time)
    ) throws -> ImageVerifier {
        ImageVerifier(
            policy: keyless ? .identity(identity) : .keys([try key()]), trustedRoot: try root(), options: options)
    }

    /// The store of a fixture layout at a tag.
    static func store(_ name: String, tag: String = "1.0") throws -> LayoutImageStore {
        try LayoutImageStore(LayoutReference(path: layout(name), tag: tag))
    }

    /// The image fixture's digest.
    static let imageDigest = try! Digest(
        parsing: "sha256:a63cb40610300e984274b0f313ccacf5ee48f2177f99b723c3bc8acafbe90034")
}

extension ImageVerification {
    var codes: Set<FindingCode> { Set(findings.map(\.code)) }
}
