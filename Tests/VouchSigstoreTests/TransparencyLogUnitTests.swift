import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@testable import VouchSigstore

/// RFC 6962 proofs against a tree built by the definition, and the signed-note grammar.
@Suite("Merkle proofs and checkpoints")
struct TransparencyLogUnitTests {
    /// RFC 6962 §2.1 MTH, by its recursive definition.
    static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.count == 1 { return MerkleTree.leafHash(leaves.first!) }
        var split = 1
        while split * 2 < leaves.count { split *= 2 }
        let middle = leaves.startIndex + split
        return MerkleTree.nodeHash(root(leaves[..<middle]), root(leaves[middle...]))
    }

    /// RFC 6962 §2.1.1 PATH, by its recursive definition.
    static func path(_ index: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        var split = 1
        while split * 2 < leaves.count { split *= 2 }
        let middle = leaves.startIndex + split
        if index < split {
            return path(index, leaves[..<middle]) + [root(leaves[middle...])]
        }
        return path(index - split, leaves[middle...]) + [root(leaves[..<middle])]
    }

    @Test("every leaf of every tree up to 33 leaves proves to the root; any other index or root does not")
    func proofsMatchTheDefinition() {
        for size in 1...33 {
            let leaves = (0..<size).map { Array("leaf \($0)".utf8) }
            let expected = Self.root(leaves[...])
            for index in 0..<size {
                let proof = Self.path(index, leaves[...])
                #expect(proof.count == MerkleTree.expectedProofLength(index: UInt64(index), size: UInt64(size)))
                let result = MerkleTree.root(
                    index: UInt64(index), size: UInt64(size), leafHash: MerkleTree.leafHash(leaves[index]), proof: proof
                )
                #expect((try? result.get()) == expected, "size \(size) index \(index)")
                if size > 1 {
                    let other = MerkleTree.root(
                        index: UInt64((index + 1) % size), size: UInt64(size),
                        leafHash: MerkleTree.leafHash(leaves[index]), proof: proof)
                    #expect((try? other.get()) != expected, "size \(size) index \(index) proved at another index")
                }
            }
        }
    }

    @Test("impossible shapes are refused before hashing")
    func shapes() {
        let leaf = MerkleTree.leafHash([1])
        #expect(throws: MerkleTree.ProofShapeError.emptyTree) {
            try MerkleTree.root(index: 0, size: 0, leafHash: leaf, proof: []).get()
        }
        #expect(throws: MerkleTree.ProofShapeError.indexOutsideTree) {
            try MerkleTree.root(index: 5, size: 5, leafHash: leaf, proof: []).get()
        }
        #expect(throws: MerkleTree.ProofShapeError.wrongHashCount(expected: 3, actual: 2)) {
            try MerkleTree.root(index: 0, size: 5, leafHash: leaf, proof: [leaf, leaf]).get()
        }
        #expect(throws: MerkleTree.ProofShapeError.hashLength(index: 1, count: 3)) {
            try MerkleTree.root(index: 0, size: 4, leafHash: leaf, proof: [leaf, [1, 2, 3]]).get()
        }
        #expect(MerkleTree.expectedProofLength(index: UInt64.max - 1, size: UInt64.max) == 63)
        #expect(MerkleTree.expectedProofLength(index: 0, size: UInt64.max) == 64)
    }

    @Test("a checkpoint's text, signatures and extension lines")
    func checkpointGrammar() throws {
        let note = """
            log.example/x
            42
            \(Base64.encode([UInt8](repeating: 9, count: 32)))
            Timestamp: 17

            \u{2014} witness.example AAAAAQID
            \u{2014} log.example/x AQIDBAUG

            """
        let checkpoint = try Checkpoint.parse(note, maxSignatures: 16)
        #expect(checkpoint.origin == "log.example/x" && checkpoint.treeSize == 42)
        #expect(checkpoint.extensions == ["Timestamp: 17"])
        #expect(
            checkpoint.text
                == Array("log.example/x\n42\n\(Base64.encode([UInt8](repeating: 9, count: 32)))\nTimestamp: 17\n".utf8))
        #expect(checkpoint.signatures.map(\.name) == ["witness.example", "log.example/x"])
        #expect(checkpoint.signatures[1].keyID == [1, 2, 3, 4] && checkpoint.signatures[1].signature == [5, 6])
        for bad in [
            "", "x\n", "x\n1\n\n", "x\n01\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n\n",
            "x\n1\nAAAA\n\n", "x\n1\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n\n- a b\n",
            "x\n1\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n\n\u{2014} a AAAA\n",
            "x\n1\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n\n\u{2014} a AAAAAQ",
        ] {
            #expect(throws: Checkpoint.Malformed.self, "\(bad.debugDescription)") {
                try Checkpoint.parse(bad, maxSignatures: 16)
            }
        }
    }

    @Test("C2SP key IDs: ECDSA from the key alone, Ed25519 bound to the name (staging Rekor v2 log)")
    func keyIDs() throws {
        let root = try TrustedRoot.load(
            path: TestPaths.externalSuite("trust-roots").appendingPathComponent("sigstore-staging/trusted_root.json")
                .path)
        let v1 = try #require(root.transparencyLogs.first { $0.baseURL == "https://rekor.sigstage.dev" })
        #expect(v1.checkpointKeyHint == Array(v1.logID.prefix(4)))
        let v2 = try #require(root.transparencyLogs.first { $0.baseURL == "https://log2025-alpha1.rekor.sigstage.dev" })
        #expect(v2.keyName == "log2025-alpha1.rekor.sigstage.dev")
        #expect(v2.checkpointKeyHint == Array(v2.logID.prefix(4)))
        let rebuilt = TrustedRootBuilder.log(key: v2.publicKey!, url: v2.baseURL, validFor: v2.validFor)
        #expect(rebuilt.logID == v2.logID)
    }
}
