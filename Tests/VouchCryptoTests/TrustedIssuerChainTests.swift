import Testing
import VouchCore
import VouchCrypto

/// ``TrustedIssuerChain`` verifies the authority's own path once and each leaf against the authority's first
/// certificate; ``PreparedChainVerifier`` keeps its anchors in one store. Both must answer exactly as
/// ``ChainVerifier`` does for the whole path, at every time, in every order, whatever was verified before.
@Suite("chain verification: prepared anchors and trusted issuer chains")
struct TrustedIssuerChainTests {
    static let day: Int64 = 86_400
    static let start = VerificationTime(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func at(days: Int64) -> VerificationTime {
        VerificationTime(secondsSinceEpoch: start.secondsSinceEpoch + days * day)
    }

    /// A root valid for 400 days, an intermediate valid for 1000, and leaves issued by the intermediate.
    struct Authority {
        let rootKey: PrivateKey
        let root: Certificate
        let intermediateKey: PrivateKey
        let intermediate: Certificate

        init(
            rootDays: Int64 = 400, rootPathLength: Int? = nil, rootExtensions: [CertificateExtension] = [],
            intermediateExtensions: [CertificateExtension] = []
        ) throws {
            rootKey = try PrivateKey.generate(.ecP256)
            var rootBuilder = CertificateBuilder(
                subject: [("O", "vouch.test"), ("CN", "root")], publicKey: rootKey.publicKey, notBefore: start,
                notAfter: at(days: rootDays),
                extensions: [.basicConstraints(isCA: true, pathLength: rootPathLength), .keyUsage([.keyCertSign])]
                    + rootExtensions)
            rootBuilder.serialNumber = [1]
            root = try rootBuilder.signed(by: rootKey, issuer: nil)
            intermediateKey = try PrivateKey.generate(.ecP256)
            let intermediateBuilder = CertificateBuilder(
                subject: [("O", "vouch.test"), ("CN", "intermediate")], serialNumber: [2],
                publicKey: intermediateKey.publicKey, notBefore: start, notAfter: at(days: 1_000),
                extensions: [.basicConstraints(isCA: true), .keyUsage([.keyCertSign])] + intermediateExtensions)
            intermediate = try intermediateBuilder.signed(by: rootKey, issuer: root)
        }

        var chain: [Certificate] { [intermediate, root] }

        /// A code-signing leaf valid for ten minutes from `day`.
        func leaf(
            day: Int64, names: [SubjectAlternativeName] = [.email("dev@vouch.test")], codeSigning: Bool = true,
            signer: PrivateKey? = nil
        ) throws -> Certificate {
            let key = try PrivateKey.generate(.ecP256)
            let notBefore = at(days: day)
            var builder = CertificateBuilder(
                subject: [], serialNumber: [UInt8(truncatingIfNeeded: day), 7], publicKey: key.publicKey,
                notBefore: notBefore,
                notAfter: VerificationTime(secondsSinceEpoch: notBefore.secondsSinceEpoch + 600))
            builder.extensions = [
                .keyUsage([.digitalSignature]),
                try .extendedKeyUsage(codeSigning ? [OID.codeSigning] : ["1.3.6.1.5.5.7.3.8"]),
                try .subjectAlternativeNames(names, critical: true),
            ]
            return try builder.signed(by: signer ?? intermediateKey, issuer: intermediate)
        }

        /// What ``ChainVerifier`` says for the whole path.
        func wholePath(_ leaf: Certificate, at time: VerificationTime) -> Outcome<[Certificate]> {
            ChainVerifier(roots: [root], allowPartialChain: true)
                .verify(leaf: leaf, intermediates: [intermediate], at: time, requiredEKU: OID.codeSigning)
        }
    }

    /// The parts of two outcomes that must agree: the decision, the path, and each failure's code and depth.
    static func summary(_ outcome: Outcome<[Certificate]>) -> String {
        let path = outcome.value.map { $0.map(\.subject).joined(separator: " < ") } ?? "-"
        let failures = outcome.findings.map { "\($0.code.rawValue)@\($0.details["depth"] ?? "")" }.sorted()
        return "\(outcome.isVerified) \(path) \(failures)"
    }

    /// NameConstraints with one excluded rfc822Name subtree (RFC 5280 §4.2.1.10).
    static func excludingEmail(_ domain: String) -> CertificateExtension {
        let name = [0x81, UInt8(domain.utf8.count)] + Array(domain.utf8)
        let subtree = [0x30, UInt8(name.count)] + name
        let excluded = [0xA1, UInt8(subtree.count)] + subtree
        return CertificateExtension(
            oid: OID.nameConstraints, critical: true, value: [0x30, UInt8(excluded.count)] + excluded)
    }

    @Test("a leaf verified against the cached chain gets the whole path's answer, at each time of its own")
    func eachTimeJudgedAfresh() throws {
        let authority = try Authority()
        let chain = TrustedIssuerChain(authority.chain)
        #expect(chain.chainProblems.isEmpty)
        let early = try authority.leaf(day: 10)
        let late = try authority.leaf(day: 500)  // issued after the root expired (day 400)
        let cases: [(Certificate, VerificationTime)] = [
            (early, Self.at(days: 10)), (late, Self.at(days: 500)), (early, Self.at(days: 10)),
            (early, Self.at(days: 11)), (late, Self.at(days: 500)),
        ]
        for (leaf, time) in cases {
            let prepared = chain.verifyLeaf(leaf, at: time, requiredEKU: OID.codeSigning)
            #expect(Self.summary(prepared) == Self.summary(authority.wholePath(leaf, at: time)))
        }
        #expect(chain.verifyLeaf(early, at: Self.at(days: 10), requiredEKU: OID.codeSigning).value?.count == 3)
        let expired = chain.verifyLeaf(late, at: Self.at(days: 500), requiredEKU: OID.codeSigning)
        #expect(expired.findings.contains { $0.code == .cryptoChainExpired && $0.details["depth"] == "2" })
    }

    @Test("the root's path length constraint counts the intermediate below it, as in the whole path")
    func pathLength() throws {
        let authority = try Authority(rootPathLength: 0)
        #expect(authority.root.pathLengthConstraint == 0)
        #expect(authority.intermediate.pathLengthConstraint == nil)
        let chain = TrustedIssuerChain(authority.chain)
        // The authority's own path is fine: the intermediate is its leaf.
        #expect(chain.chainProblems.isEmpty)
        let leaf = try authority.leaf(day: 10)
        let outcome = chain.verifyLeaf(leaf, at: Self.at(days: 10), requiredEKU: OID.codeSigning)
        #expect(!outcome.isVerified)
        #expect(Self.summary(outcome) == Self.summary(authority.wholePath(leaf, at: Self.at(days: 10))))
    }

    @Test(
        "name constraints above and at the issuing certificate apply to the leaf",
        arguments: [true, false])
    func nameConstraints(onRoot: Bool) throws {
        let constraint = Self.excludingEmail("evil.test")
        let authority = try Authority(
            rootExtensions: onRoot ? [constraint] : [], intermediateExtensions: onRoot ? [] : [constraint])
        let chain = TrustedIssuerChain(authority.chain)
        #expect(chain.chainProblems.isEmpty)
        let time = Self.at(days: 10)
        let excluded = try authority.leaf(day: 10, names: [.email("dev@evil.test")])
        let allowed = try authority.leaf(day: 10, names: [.email("dev@vouch.test")])
        let refused = chain.verifyLeaf(excluded, at: time, requiredEKU: OID.codeSigning)
        #expect(!refused.isVerified)
        #expect(Self.summary(refused) == Self.summary(authority.wholePath(excluded, at: time)))
        #expect(chain.verifyLeaf(allowed, at: time, requiredEKU: OID.codeSigning).isVerified)
    }

    @Test("leaf failures match the whole path: wrong signer, no code signing, outside its window")
    func leafFailures() throws {
        let authority = try Authority()
        let chain = TrustedIssuerChain(authority.chain)
        let leaves = [
            try authority.leaf(day: 10, signer: try PrivateKey.generate(.ecP256)),
            try authority.leaf(day: 10, codeSigning: false), try authority.leaf(day: 20),
        ]
        for leaf in leaves {
            let outcome = chain.verifyLeaf(leaf, at: Self.at(days: 10), requiredEKU: OID.codeSigning)
            #expect(!outcome.isVerified)
            #expect(Self.summary(outcome) == Self.summary(authority.wholePath(leaf, at: Self.at(days: 10))))
        }
    }

    @Test("a broken authority chain is reported once, by chainProblems")
    func brokenChain() throws {
        let authority = try Authority()
        let stranger = try Authority()
        let chain = TrustedIssuerChain([authority.intermediate, stranger.root])
        #expect(!chain.chainProblems.isEmpty)
        #expect(chain.chainProblems.allSatisfy { $0.severity == .error })
        let never = TrustedIssuerChain([
            authority.intermediate,
            try Authority(rootDays: -1).root,
        ])
        #expect(never.chainProblems.map(\.code) == [.cryptoChainInvalid])
    }

    @Test("embedded intermediates take the whole path through the anchor")
    func extraIntermediates() throws {
        let authority = try Authority()
        let chain = TrustedIssuerChain([authority.root])
        let leaf = try authority.leaf(day: 10)
        let outcome = chain.verifyLeaf(
            leaf, intermediates: [authority.intermediate], at: Self.at(days: 10), requiredEKU: OID.codeSigning)
        #expect(outcome.value == [leaf, authority.intermediate, authority.root])
        #expect(!chain.verifyLeaf(leaf, at: Self.at(days: 10), requiredEKU: OID.codeSigning).isVerified)
    }

    @Test("a prepared store answers as a fresh one, for many leaves and threads")
    func preparedStore() async throws {
        let authority = try Authority()
        let prepared = try PreparedChainVerifier(roots: [authority.root], allowPartialChain: true)
        let leaves = try (0..<8).map { try authority.leaf(day: Int64($0 * 100)) }
        await withTaskGroup(of: Void.self) { group in
            for (index, leaf) in leaves.enumerated() {
                group.addTask {
                    for day in [Int64(index * 100), 450] {
                        let time = Self.at(days: day)
                        let outcome = prepared.verify(
                            leaf: leaf, intermediates: [authority.intermediate], at: time,
                            requiredEKU: OID.codeSigning)
                        #expect(Self.summary(outcome) == Self.summary(authority.wholePath(leaf, at: time)))
                    }
                }
            }
        }
        #expect(throws: FindingError.self) { try PreparedChainVerifier(roots: []) }
    }
}
