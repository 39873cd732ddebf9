import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// One ``SigstoreVerifier`` checks each authority's own chain once and keeps its trust stores; nothing about time is
/// kept. An authority whose root expires between two bundles must pass the earlier bundle and fail the later one, in
/// either order, on any thread, however often either was verified before.
@Suite("virtual Sigstore: what one verifier keeps between bundles")
struct PreparedAuthorityTests {
    static var sigstore: VirtualSigstore { VirtualSigstore.shared }
    static let day: Int64 = 86_400

    static func time(days: Int64) -> VerificationTime {
        VerificationTime(secondsSinceEpoch: sigstore.now.secondsSinceEpoch + days * day)
    }

    /// A root that expires a day after `now`, and an intermediate (or TSA certificate) below it valid for years.
    struct ShortLivedRoot {
        let key: PrivateKey
        let root: Certificate
        let issuerKey: PrivateKey
        let issuer: Certificate

        init(tsa: Bool) throws {
            key = try PrivateKey.generate(.ecP256)
            root = try VirtualSigstore.ca(
                [("O", "vouch.test"), ("CN", tsa ? "short-tsa-root" : "short-fulcio-root")], key: key, issuerKey: key,
                issuer: nil, start: time(days: -365), end: time(days: 1), serial: [21])
            issuerKey = try PrivateKey.generate(.ecP256)
            issuer =
                tsa
                ? try VirtualSigstore.tsaLeaf(
                    key: issuerKey, issuerKey: key, issuer: root, start: time(days: -365), end: time(days: 1_000),
                    serial: [22])
                : try VirtualSigstore.ca(
                    [("O", "vouch.test"), ("CN", "short-fulcio-intermediate")], key: issuerKey, issuerKey: key,
                    issuer: root, start: time(days: -365), end: time(days: 1_000), serial: [22])
        }

        /// The instance's trusted root with this chain as its first CA or TSA.
        func trustedRoot(tsa: Bool) throws -> TrustedRoot {
            let list = tsa ? "timestampAuthorities" : "certificateAuthorities"
            let json = PreparedAuthorityTests.sigstore.trustedRootJSON()
                .setting("/\(list)/0/certChain/certificates/0/rawBytes", .init(.string(Base64.encode(issuer.der))))
                .setting("/\(list)/0/certChain/certificates/1/rawBytes", .init(.string(Base64.encode(root.der))))
            return try PreparedAuthorityTests.sigstore.trustedRoot(json)
        }
    }

    /// A bundle signed on `day` (relative to `now`), its certificate issued by `chain` or its timestamp by it.
    static func bundle(on day: Int64, chain: ShortLivedRoot, tsa: Bool) throws -> UnverifiedBundle {
        var spec = VirtualBundleSpec(signingTime: time(days: day))
        if tsa {
            spec.log = .rekorV2
            spec.timestamps = 1
            spec.timestampAuthority = (chain.issuerKey, chain.issuer, [chain.root])
        } else {
            spec.issuingCA = (chain.issuerKey, chain.issuer)
        }
        let virtual = try sigstore.bundle(VirtualSigstore.defaultArtifact, spec)
        return try UnverifiedBundle.parse(virtual.data, input: "day \(day)")
    }

    static func verify(_ bundle: UnverifiedBundle, with verifier: SigstoreVerifier) throws -> Outcome<VerifiedBundle> {
        try verifier.verify(
            bundle, artifact: .bytes(VirtualSigstore.defaultArtifact, name: "artifact"),
            policy: .identity(VirtualVerification.identity))
    }

    @Test(
        "a chain valid at one bundle's time and expired at the next bundle's fails the next, in either order",
        arguments: [false, true])
    func expiredAfterCached(tsa: Bool) throws {
        let chain = try ShortLivedRoot(tsa: tsa)
        let verifier = SigstoreVerifier(trustedRoot: try chain.trustedRoot(tsa: tsa))
        let before = try Self.bundle(on: 0, chain: chain, tsa: tsa)
        let after = try Self.bundle(on: 2, chain: chain, tsa: tsa)
        let expected: FindingCode = tsa ? .sigstoreTimestampChainInvalid : .sigstoreCertificateUntrusted
        for (bundle, passes) in [(before, true), (after, false), (before, true), (after, false)] {
            let outcome = try Self.verify(bundle, with: verifier)
            #expect(outcome.isVerified == passes, "\(outcome.findings.map(\.description))")
            if !passes {
                #expect(outcome.findings.contains { $0.code == expected })
            }
        }
        // A fresh verifier that meets the expired bundle first says the same.
        let fresh = SigstoreVerifier(trustedRoot: try chain.trustedRoot(tsa: tsa))
        #expect(!(try Self.verify(after, with: fresh)).isVerified)
        #expect(try Self.verify(before, with: fresh).isVerified)
    }

    @Test("threads sharing one verifier get each bundle's own answer")
    func concurrent() async throws {
        let chain = try ShortLivedRoot(tsa: false)
        let verifier = SigstoreVerifier(trustedRoot: try chain.trustedRoot(tsa: false))
        let bundles = [
            (try Self.bundle(on: 0, chain: chain, tsa: false), true),
            (try Self.bundle(on: 2, chain: chain, tsa: false), false),
        ]
        let work = (0..<64).map { bundles[$0 % 2] }
        let answers = await work.concurrentMap(maxConcurrency: 4) { item in
            (try? Self.verify(item.0, with: verifier))?.isVerified ?? false
        }
        #expect(answers == work.map(\.1))
    }

    @Test("a root whose path length forbids the intermediate's leaves fails every bundle, though its own chain holds")
    func pathLengthAcrossTheCut() throws {
        let rootKey = try PrivateKey.generate(.ecP256)
        var rootBuilder = CertificateBuilder(
            subject: [("O", "vouch.test"), ("CN", "pathlen-0-root")], serialNumber: [31],
            publicKey: rootKey.publicKey, notBefore: Self.time(days: -365), notAfter: Self.time(days: 1_000))
        rootBuilder.extensions = [.basicConstraints(isCA: true, pathLength: 0), .keyUsage([.keyCertSign, .cRLSign])]
        let root = try rootBuilder.signed(by: rootKey, issuer: nil)
        let intermediateKey = try PrivateKey.generate(.ecP256)
        let intermediate = try VirtualSigstore.ca(
            [("O", "vouch.test"), ("CN", "pathlen-intermediate")], key: intermediateKey, issuerKey: rootKey,
            issuer: root, start: Self.time(days: -365), end: Self.time(days: 1_000), serial: [32])
        let json = Self.sigstore.trustedRootJSON()
            .setting(
                "/certificateAuthorities/0/certChain/certificates/0/rawBytes",
                .init(.string(Base64.encode(intermediate.der)))
            )
            .setting(
                "/certificateAuthorities/0/certChain/certificates/1/rawBytes", .init(.string(Base64.encode(root.der))))
        let verifier = SigstoreVerifier(trustedRoot: try Self.sigstore.trustedRoot(json))
        #expect(verifier.certificateAuthorities[0].chainProblems.isEmpty)
        let virtual = try Self.sigstore.bundle(
            VirtualSigstore.defaultArtifact, VirtualBundleSpec(issuingCA: (intermediateKey, intermediate)))
        let outcome = try Self.verify(try UnverifiedBundle.parse(virtual.data, input: "bundle"), with: verifier)
        #expect(!outcome.isVerified)
        #expect(
            outcome.findings.contains {
                $0.code == .sigstoreCertificateUntrusted && $0.details["verifyErrorCode"] == "25"
            })
    }
}
