import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

@testable import VouchSigstore

/// The recorded virtual-Sigstore fixtures in testdata/sigstore/virtual and the project's test root in
/// trust-roots/vouch-test. `scripts/make-sigstore-fixtures` re-records them (VOUCH_RECORD_SIGSTORE_FIXTURES=1); the
/// recording run fails on purpose so that it is never mistaken for a passing one.
@Suite("recorded Sigstore fixtures")
struct SigstoreFixtureTests {
    static let folder = TestPaths.fixture("sigstore/virtual")
    static let rootFile = TestPaths.repositoryRoot.appendingPathComponent("trust-roots/vouch-test/trusted_root.json")

    /// Name → how it is made and whether it must verify.
    static let bundles: [(name: String, spec: VirtualBundleSpec, verifies: Bool)] = [
        ("v0.1-hashedrekord.sigstore.json", VirtualBundleSpec(mediaType: .v01), true),
        ("v0.3-rekor2-timestamp.sigstore.json", VirtualBundleSpec(log: .rekorV2, timestamps: 1), true),
        ("v0.3-dsse.sigstore.json", VirtualBundleSpec(content: .dsse(), timestamps: 1), true),
        ("v0.3-rekor2-no-timestamp.sigstore.json", VirtualBundleSpec(log: .rekorV2), false),
    ]

    @Test("record the fixtures (only with VOUCH_RECORD_SIGSTORE_FIXTURES=1)")
    func record() throws {
        guard ProcessInfo.processInfo.environment["VOUCH_RECORD_SIGSTORE_FIXTURES"] == "1" else { return }
        let sigstore = try VirtualSigstore()
        let manager = FileManager.default
        try manager.createDirectory(at: Self.folder.appendingPathComponent("pem"), withIntermediateDirectories: true)
        try manager.createDirectory(at: Self.rootFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        func write(_ bytes: [UInt8], _ url: URL) throws { try Data(bytes).write(to: url) }
        func write(_ text: String, _ name: String) throws {
            try Data(text.utf8).write(to: Self.folder.appendingPathComponent(name))
        }
        try write(JCS.canonicalBytes(sigstore.trustedRootJSON()), Self.rootFile)
        try write(VirtualSigstore.defaultArtifact, Self.folder.appendingPathComponent("artifact.txt"))
        for (name, spec, _) in Self.bundles {
            try write(
                try sigstore.bundle(VirtualSigstore.defaultArtifact, spec).data,
                Self.folder.appendingPathComponent(name))
        }
        let managed = try PrivateKey.generate(.ecP256)
        try write(
            try sigstore.bundle(VirtualSigstore.defaultArtifact, VirtualBundleSpec(signer: .key(managed))).data,
            Self.folder.appendingPathComponent("managed-key.sigstore.json"))
        try write(managed.publicKey.pem, "managed-key.pub")
        // The same authorities as loose PEM files, for `vouch trusted-root create`.
        try write(sigstore.fulcioIntermediate.pem + sigstore.fulcioRoot.pem, "pem/fulcio-chain.pem")
        try write(sigstore.tsaCertificate.pem + sigstore.tsaRoot.pem, "pem/tsa-chain.pem")
        try write(sigstore.rekorKey.publicKey.pem, "pem/rekor.pub")
        try write(sigstore.rekorV2Key.publicKey.pem, "pem/rekor-v2.pub")
        try write(sigstore.ctKey.publicKey.pem, "pem/ctfe.pub")
        Issue.record("recorded the Sigstore fixtures; run again without VOUCH_RECORD_SIGSTORE_FIXTURES to check them")
    }

    @Test("the recorded bundles verify, or fail, against the recorded test root")
    func recordedBundles() throws {
        let root = try TrustedRoot.load(path: Self.rootFile.path)
        let verifier = SigstoreVerifier(trustedRoot: root)
        let artifact = Artifact.file(path: Self.folder.appendingPathComponent("artifact.txt").path)
        let identity = VerificationPolicy.identity(VirtualVerification.identity)
        for (name, _, verifies) in Self.bundles {
            let bundle = try UnverifiedBundle.load(path: Self.folder.appendingPathComponent(name).path)
            let outcome = try verifier.verify(bundle, artifact: artifact, policy: identity)
            #expect(outcome.isVerified == verifies, "\(name): \(outcome.findings)")
        }
        let key = try PublicKey.load(
            try Data(contentsOf: Self.folder.appendingPathComponent("managed-key.pub")), input: "managed-key.pub")
        let managed = try UnverifiedBundle.load(
            path: Self.folder.appendingPathComponent("managed-key.sigstore.json").path)
        #expect(try verifier.verify(managed, artifact: artifact, policy: .publicKey(key)).isVerified)
    }
}
