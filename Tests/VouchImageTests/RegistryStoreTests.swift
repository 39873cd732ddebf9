import Foundation
import Testing
import VouchCore
import VouchImage
import VouchOCI
import VouchTestSupport

/// Signatures found through the distribution API, against an in-memory registry serving the recorded layouts: a
/// failed referrers listing is "unknown", never "unsigned"; the fallback tag finds v3 bundles; another repository
/// can hold the signatures.
@Suite("registry discovery")
struct RegistryStoreTests {
    static let repository = "vouch/app"

    @Test("a failed referrers listing with no other signature is unknown, not unsigned")
    func listingFailed() async throws {
        let registry = FixtureRegistry()
        try registry.serve(
            layout: TestFixtures.layout("unsigned"), as: Self.repository, subjects: [TestFixtures.imageDigest],
            referrersStatus: 500)
        let store = RegistryImageStore(client: registry.client(), reference: try registry.reference(Self.repository))
        let result = try await TestFixtures.verifier().verify(store)
        #expect(result.verdict == .unknown)
        #expect(result.codes.isSuperset(of: [.ociReferrersListingFailed, .imageDiscoveryIncomplete]))
        #expect(!result.codes.contains(.imageVerdictUnsigned))
    }

    @Test("a failed referrers listing beside a verified legacy signature is a warning")
    func listingFailedButSigned() async throws {
        let registry = FixtureRegistry()
        try registry.serve(
            layout: TestFixtures.layout("signed-key"), as: Self.repository, subjects: [TestFixtures.imageDigest],
            referrersStatus: 503)
        let store = RegistryImageStore(client: registry.client(), reference: try registry.reference(Self.repository))
        let result = try await TestFixtures.verifier().verify(store)
        #expect(result.verdict == .verified)
        #expect(result.findings.contains { $0.code == .ociReferrersListingFailed && $0.severity == .warning })
    }

    @Test("without a referrers API the fallback tag finds the v3 bundle")
    func fallbackTag() async throws {
        let registry = FixtureRegistry()
        try registry.serve(
            layout: TestFixtures.layout("signed-v3"), as: Self.repository, subjects: [TestFixtures.imageDigest])
        let store = RegistryImageStore(client: registry.client(), reference: try registry.reference(Self.repository))
        let result = try await TestFixtures.verifier(keyless: true).verify(store)
        #expect(result.verdict == .verified, "\(result.findings)")
        #expect(result.codes.contains(.ociReferrersFallback))
        #expect(result.signatures.first?.origin.hasPrefix("referrer (fallback tag)") == true)
        #expect(!result.contentChecked && result.codes.contains(.imageContentNotChecked))
    }

    @Test("signatures in another repository (--signature-repository)")
    func signatureRepository() async throws {
        let registry = FixtureRegistry()
        try registry.serve(
            layout: TestFixtures.layout("unsigned"), as: Self.repository, subjects: [TestFixtures.imageDigest])
        try registry.serve(
            layout: TestFixtures.layout("signed-key"), as: "vouch/signatures", subjects: [TestFixtures.imageDigest])
        let reference = try registry.reference(Self.repository)
        let elsewhere = RegistryImageStore(
            client: registry.client(), reference: reference,
            signatureRepository: try ImageReference(parsing: "\(FixtureRegistry.host)/vouch/signatures"))
        #expect(try await TestFixtures.verifier().verify(elsewhere).verdict == .verified)
        let here = RegistryImageStore(client: registry.client(), reference: reference)
        #expect(try await TestFixtures.verifier().verify(here).verdict == .unsigned)
    }

    @Test("with blob checks, every blob is fetched and checked")
    func checkBlobs() async throws {
        let registry = FixtureRegistry()
        try registry.serve(
            layout: TestFixtures.layout("signed-key"), as: Self.repository, subjects: [TestFixtures.imageDigest])
        let store = RegistryImageStore(
            client: registry.client(), reference: try registry.reference(Self.repository), checksBlobs: true)
        let result = try await TestFixtures.verifier().verify(store)
        #expect(result.verdict == .verified && result.contentChecked)
        #expect(registry.fetcher.requests.contains { $0.url.path.contains("/blobs/") })
    }
}
