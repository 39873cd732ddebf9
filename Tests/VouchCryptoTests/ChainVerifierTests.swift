import Testing
import VouchCore
import VouchTestSupport
import VouchCrypto

@Suite("chain verification")
struct ChainVerifierTests {
    let root: Certificate
    let intermediate: Certificate
    let leaf: Certificate
    let noEKU: Certificate

    init() throws {
        root = try Fixtures.certificate("root.pem")
        intermediate = try Fixtures.certificate("intermediate.pem")
        leaf = try Fixtures.certificate("leaf-codesign.pem")
        noEKU = try Fixtures.certificate("leaf-noeku.pem")
    }

    @Test("the chain verifies inside its validity window, leaf to root")
    func valid() throws {
        let outcome = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [intermediate], roots: [root], at: Fixtures.time("2024-06-01T00:00:00Z"),
            requiredEKU: OID.codeSigning)
        #expect(outcome.value == [leaf, intermediate, root])
        #expect(outcome.findings.isEmpty)
    }

    @Test(
        "outside the validity window every certificate is reported",
        arguments: [
            ("2023-12-31T00:00:00Z", FindingCode.cryptoChainNotYetValid), ("2025-06-01T00:00:00Z", .cryptoChainExpired),
        ])
    func outsideValidity(time: String, code: FindingCode) throws {
        let outcome = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [intermediate], roots: [root], at: Fixtures.time(time), requiredEKU: nil)
        #expect(!outcome.isVerified)
        #expect(Set(outcome.findings.map(\.code)) == [code])
        #expect(outcome.findings.compactMap { $0.details["depth"] }.sorted() == ["0", "1", "2"])
        #expect(outcome.findings.allSatisfy { $0.details["verifyError"]?.isEmpty == false })
    }

    /// OpenSSL counts notBefore as valid and notAfter as expired (RFC 5280 would accept notAfter itself).
    @Test("validity runs from notBefore inclusive to notAfter exclusive")
    func bounds() {
        func verified(_ time: String) -> Bool {
            ChainVerifier.verifyChain(
                leaf: leaf, intermediates: [intermediate], roots: [root], at: Fixtures.time(time), requiredEKU: nil
            ).isVerified
        }
        #expect(!verified("2023-12-31T23:59:59Z"))
        #expect(verified("2024-01-01T00:00:00Z"))
        #expect(verified("2024-12-31T23:59:59Z"))
        #expect(!verified("2025-01-01T00:00:00Z"))
    }

    @Test("without the intermediate there is no path")
    func missingIntermediate() {
        let outcome = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [], roots: [root], at: Fixtures.time("2024-06-01T00:00:00Z"), requiredEKU: nil)
        #expect(outcome.findings.map(\.code) == [.cryptoChainUntrusted])
        #expect(outcome.findings.first?.details["depth"] == "0")
    }

    @Test("an untrusted root or no roots at all fail")
    func untrusted() throws {
        let other = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [intermediate, root], roots: [noEKU], at: Fixtures.time("2024-06-01T00:00:00Z"),
            requiredEKU: nil)
        #expect(other.findings.map(\.code).contains(.cryptoChainUntrusted))
        let none = ChainVerifier.verifyChain(
            leaf: leaf, intermediates: [intermediate], roots: [], at: Fixtures.time("2024-06-01T00:00:00Z"),
            requiredEKU: nil)
        #expect(none.findings.map(\.code) == [.cryptoChainUntrusted])
    }

    @Test("a required EKU the leaf lacks fails, even though the chain is otherwise valid")
    func ekuMissing() {
        let time = Fixtures.time("2024-06-01T00:00:00Z")
        let outcome = ChainVerifier.verifyChain(
            leaf: noEKU, intermediates: [intermediate], roots: [root], at: time, requiredEKU: OID.codeSigning)
        #expect(outcome.findings.map(\.code) == [.cryptoChainEKUMissing])
        #expect(outcome.findings.first?.details["expected"] == OID.codeSigning)
        #expect(
            ChainVerifier.verifyChain(
                leaf: noEKU, intermediates: [intermediate], roots: [root], at: time, requiredEKU: nil
            ).isVerified)
    }

    @Test("EKU and validity failures are reported together")
    func allFailures() {
        let outcome = ChainVerifier.verifyChain(
            leaf: noEKU, intermediates: [intermediate], roots: [root], at: Fixtures.time("2025-06-01T00:00:00Z"),
            requiredEKU: OID.codeSigning)
        #expect(Set(outcome.findings.map(\.code)) == [.cryptoChainExpired, .cryptoChainEKUMissing])
    }

    @Test("an intermediate as trust anchor needs allowPartialChain")
    func partialChain() {
        let time = Fixtures.time("2024-06-01T00:00:00Z")
        let strict = ChainVerifier(roots: [intermediate]).verify(
            leaf: leaf, intermediates: [], at: time, requiredEKU: nil)
        #expect(strict.findings.map(\.code).contains(.cryptoChainUntrusted))
        let partial = ChainVerifier(roots: [intermediate], allowPartialChain: true)
            .verify(leaf: leaf, intermediates: [], at: time, requiredEKU: OID.codeSigning)
        #expect(partial.value == [leaf, intermediate])
    }

    @Test("a leaf used as an issuer is refused")
    func leafIsNotACA() throws {
        // The leaf is not a CA, so a certificate it "issued" cannot chain through it: here the no-EKU leaf presented
        // with the code-signing leaf as its only intermediate and trust anchor.
        let outcome = ChainVerifier(roots: [leaf], allowPartialChain: true)
            .verify(leaf: noEKU, intermediates: [], at: Fixtures.time("2024-06-01T00:00:00Z"), requiredEKU: nil)
        #expect(!outcome.isVerified)
    }
}

@Suite("chain verification: tampering")
struct ChainTamperingTests {
    @Test("a leaf whose signature was changed is invalid, with OpenSSL's reason")
    func tamperedSignature() throws {
        let leaf = try Fixtures.certificate("leaf-codesign.pem")
        // The last DER byte is the last byte of the ECDSA signature's s value.
        let tampered = try Certificate(der: leaf.der.flipping(leaf.der.count - 1), input: "tampered")
        let outcome = ChainVerifier.verifyChain(
            leaf: tampered, intermediates: [try Fixtures.certificate("intermediate.pem")],
            roots: [try Fixtures.certificate("root.pem")], at: Fixtures.time("2024-06-01T00:00:00Z"), requiredEKU: nil)
        #expect(outcome.findings.map(\.code) == [.cryptoChainInvalid])
        #expect(outcome.findings.first?.details["depth"] == "0")
        #expect(outcome.findings.first?.details["verifyError"]?.contains("signature") == true)
    }
}
