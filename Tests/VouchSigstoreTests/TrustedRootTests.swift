import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

@testable import VouchSigstore

/// Trusted roots: the public ones parse completely, windows are closed, the JSON form round-trips.
@Suite("trusted roots")
struct TrustedRootTests {
    static func shared(_ name: String) throws -> TrustedRoot {
        try TrustedRoot.load(
            path: TestPaths.externalSuite("trust-roots").appendingPathComponent("\(name)/trusted_root.json").path)
    }

    @Test("the public-good and staging roots parse with every log, CA and TSA, named by their pins")
    func publicRoots() throws {
        let production = try Self.shared("sigstore-public-good")
        #expect(production.transparencyLogs.count == 2 && production.ctLogs.count == 2)
        #expect(production.certificateAuthorities.count == 2 && production.timestampAuthorities.count == 1)
        #expect(production.pinnedName == "sigstore public-good (production)")
        #expect(production.transparencyLogs.allSatisfy { $0.publicKey != nil })
        let staging = try Self.shared("sigstore-staging")
        #expect(staging.transparencyLogs.count == 4 && staging.ctLogs.count == 4)
        #expect(staging.ctLogs[0].publicKey?.kind == .rsa(bits: 4096))
        #expect(staging.pinnedName == "sigstore staging")
    }

    @Test("validity windows are closed intervals")
    func closedWindows() throws {
        let start = try VerificationTime(rfc3339: "2025-01-01T00:00:00Z")
        let end = try VerificationTime(rfc3339: "2025-06-01T00:00:00Z")
        let window = ValidityPeriod(start: start, end: end)
        #expect(window.contains(start) && window.contains(end))
        #expect(!window.contains(VerificationTime(secondsSinceEpoch: start.secondsSinceEpoch - 1)))
        #expect(!window.contains(VerificationTime(secondsSinceEpoch: end.secondsSinceEpoch + 1)))
        #expect(ValidityPeriod(start: start).contains(VerificationTime(secondsSinceEpoch: .max)))
    }

    @Test("the JSON form round-trips, in v0.2 and v0.1 media types; null members are absent")
    func roundTrip() throws {
        let json = VirtualSigstore.shared.trustedRootJSON()
        let root = try TrustedRoot.parse(JCS.canonicalBytes(json), input: "root")
        #expect(root.mediaType == TrustedRoot.mediaTypeV02)
        #expect(JCS.canonicalBytes(root.json) == JCS.canonicalBytes(json))
        let legacy = json.setting("/mediaType", .init(.string(TrustedRoot.mediaTypeV01)))
            .setting("/tlogs/0/publicKey/validFor/end", nil).setting("/tlogs/0/operator", nil)
        let parsed = try TrustedRoot.parse(JCS.canonicalBytes(legacy), input: "legacy")
        #expect(parsed.transparencyLogs[0].validFor.end == nil)
        #expect(parsed.transparencyLogs[0].operatorName == nil)
    }

    @Test("log IDs default to the key's SHA-256; a checkpoint key ID overrides the key hint")
    func identifiers() throws {
        let json = VirtualSigstore.shared.trustedRootJSON()
        let withoutID = try TrustedRoot.parse(JCS.canonicalBytes(json.removing("/tlogs/0/logId")), input: "root")
        #expect(withoutID.transparencyLogs[0].logID == VirtualSigstore.shared.rekorLogID)
        let hinted = try TrustedRoot.parse(
            JCS.canonicalBytes(json.setting("/tlogs/0/checkpointKeyId", ["keyId": "AQIDBAUGBwg="])), input: "root")
        #expect(hinted.transparencyLogs[0].checkpointKeyHint == [1, 2, 3, 4])
    }
}
