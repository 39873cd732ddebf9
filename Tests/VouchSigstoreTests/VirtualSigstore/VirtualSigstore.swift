import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// A Sigstore instance in memory: a Fulcio-style CA (root and intermediate), a CT log, a Rekor v1 log (ECDSA, with
/// inclusion promises), a Rekor v2 log (Ed25519, checkpoints only) and a timestamp authority, all with keys made
/// here. It issues bundles at chosen times with VouchCrypto's signing and certificate code, so that every failure
/// the verifier reports can be produced on purpose.
struct VirtualSigstore: Sendable {
    static let identity = "https://github.com/vouch/test/.github/workflows/release.yml@refs/heads/main"
    static let issuer = "https://token.actions.githubusercontent.com"

    /// Midday on 1 March 2026: when bundles are signed unless a test says otherwise.
    let now: VerificationTime
    let fulcioRootKey: PrivateKey
    let fulcioRoot: Certificate
    let fulcioKey: PrivateKey
    let fulcioIntermediate: Certificate
    let ctKey: PrivateKey
    let rekorKey: PrivateKey
    let rekorV2Key: PrivateKey
    let tsaRootKey: PrivateKey
    let tsaRoot: Certificate
    let tsaKey: PrivateKey
    let tsaCertificate: Certificate

    static let fulcioURL = "https://fulcio.vouch.test"
    static let ctURL = "https://ctfe.vouch.test/2026"
    static let rekorURL = "https://rekor.vouch.test"
    static let rekorV2URL = "https://log2026-1.rekor.vouch.test"
    static let tsaURL = "https://timestamp.vouch.test/api/v1/timestamp"
    static let tsaPolicy = "1.3.6.1.4.1.57264.2"

    /// One instance for the whole test run: keys and authorities are made once.
    static let shared: VirtualSigstore = try! VirtualSigstore()

    init() throws {
        now = try VerificationTime(rfc3339: "2026-03-01T12:00:00Z")
        let start = VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch - 365 * 86_400)
        let end = VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch + 5 * 365 * 86_400)
        fulcioRootKey = try PrivateKey.generate(.ecP256)
        fulcioRoot = try Self.ca(
            [("O", "vouch.test"), ("CN", "vouch-fulcio-root")], key: fulcioRootKey, issuerKey: fulcioRootKey,
            issuer: nil, start: start, end: end, serial: [1])
        fulcioKey = try PrivateKey.generate(.ecP256)
        fulcioIntermediate = try Self.ca(
            [("O", "vouch.test"), ("CN", "vouch-fulcio-intermediate")], key: fulcioKey, issuerKey: fulcioRootKey,
            issuer: fulcioRoot, start: start, end: end, serial: [2])
        ctKey = try PrivateKey.generate(.ecP256)
        rekorKey = try PrivateKey.generate(.ecP256)
        rekorV2Key = try PrivateKey.generate(.ed25519)
        tsaRootKey = try PrivateKey.generate(.ecP256)
        tsaRoot = try Self.ca(
            [("O", "vouch.test"), ("CN", "vouch-tsa-root")], key: tsaRootKey, issuerKey: tsaRootKey, issuer: nil,
            start: start, end: end, serial: [3])
        tsaKey = try PrivateKey.generate(.ecP256)
        tsaCertificate = try Self.tsaLeaf(key: tsaKey, issuerKey: tsaRootKey, issuer: tsaRoot, start: start, end: end)
    }

    static func ca(
        _ subject: [(String, String)], key: PrivateKey, issuerKey: PrivateKey, issuer: Certificate?,
        start: VerificationTime, end: VerificationTime, serial: [UInt8]
    ) throws -> Certificate {
        var builder = CertificateBuilder(
            subject: subject, serialNumber: serial, publicKey: key.publicKey, notBefore: start, notAfter: end)
        builder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign, .cRLSign])]
        return try builder.signed(by: issuerKey, issuer: issuer)
    }

    static func tsaLeaf(
        key: PrivateKey, issuerKey: PrivateKey, issuer: Certificate, start: VerificationTime, end: VerificationTime,
        serial: [UInt8] = [4], eku: [String] = ["1.3.6.1.5.5.7.3.8"]
    ) throws -> Certificate {
        var builder = CertificateBuilder(
            subject: [("O", "vouch.test"), ("CN", "vouch-tsa")], serialNumber: serial, publicKey: key.publicKey,
            notBefore: start, notAfter: end)
        builder.extensions = [.keyUsage([.digitalSignature]), try .extendedKeyUsage(eku, critical: true)]
        return try builder.signed(by: issuerKey, issuer: issuer)
    }

    // MARK: Trusted root

    /// The trusted root of this instance as JSON, so tests can bend it before parsing.
    func trustedRootJSON(
        tlogStart: VerificationTime? = nil, tlogEnd: VerificationTime? = nil,
        tsaValidity: ValidityPeriod? = nil, caValidity: ValidityPeriod? = nil, ctValidity: ValidityPeriod? = nil
    ) -> JSONNode {
        let start = VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch - 365 * 86_400)
        let logWindow = ValidityPeriod(start: tlogStart ?? start, end: tlogEnd)
        var builder = TrustedRootBuilder()
        builder.transparencyLogs = [
            TrustedRootBuilder.log(key: rekorKey.publicKey, url: Self.rekorURL, validFor: logWindow),
            TrustedRootBuilder.log(key: rekorV2Key.publicKey, url: Self.rekorV2URL, validFor: logWindow),
        ]
        builder.ctLogs = [
            TrustedRootBuilder.log(
                key: ctKey.publicKey, url: Self.ctURL, validFor: ctValidity ?? ValidityPeriod(start: start))
        ]
        builder.certificateAuthorities = [
            TrustedRootBuilder.authority(
                chain: [fulcioIntermediate, fulcioRoot], uri: Self.fulcioURL,
                validFor: caValidity ?? ValidityPeriod(start: start))
        ]
        builder.timestampAuthorities = [
            TrustedRootBuilder.authority(
                chain: [tsaCertificate, tsaRoot], uri: Self.tsaURL,
                validFor: tsaValidity ?? ValidityPeriod(start: start))
        ]
        return builder.build().json
    }

    func trustedRoot(_ json: JSONNode? = nil) throws -> TrustedRoot {
        try TrustedRoot.parse(JCS.canonicalBytes(json ?? trustedRootJSON()), input: "virtual trusted_root.json")
    }

    /// The Rekor v1 log's ID (SHA-256 of its key).
    var rekorLogID: [UInt8] { rekorKey.publicKey.keyID.bytes }

    /// The Rekor v2 log's ID (its C2SP checkpoint key ID).
    var rekorV2LogID: [UInt8] {
        TrustedRootBuilder.log(key: rekorV2Key.publicKey, url: Self.rekorV2URL, validFor: .unbounded).logID
    }
}
