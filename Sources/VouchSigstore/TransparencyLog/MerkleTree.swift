import VouchCore
import VouchCrypto

/// RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proofs, with SHA-256:
///
/// ```
/// leaf hash = SHA-256(0x00 || entry)          node hash = SHA-256(0x01 || left || right)
/// ```
/// The proof check follows RFC 9162 §2.1.3.2: walk from the leaf to the root, taking each sibling from the proof,
/// and accept only when the walk ends exactly at the root of a tree of the given size.
enum MerkleTree {
    static func leafHash(_ entry: [UInt8]) -> [UInt8] {
        var hasher = DigestHasher(.sha256)
        hasher.update([0x00])
        hasher.update(entry)
        return hasher.finalize().bytes
    }

    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = DigestHasher(.sha256)
        hasher.update([0x01])
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize().bytes
    }

    /// Why a proof cannot lead anywhere, before any hashing.
    enum ProofShapeError: Error, Equatable {
        case emptyTree
        case indexOutsideTree
        case hashLength(index: Int, count: Int)
        case wrongHashCount(expected: Int, actual: Int)
    }

    /// The root hash an inclusion proof leads to for the leaf at `index` in a tree of `size` leaves.
    static func root(
        index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]]
    ) -> Result<[UInt8], ProofShapeError> {
        guard size > 0 else { return .failure(.emptyTree) }
        guard index < size else { return .failure(.indexOutsideTree) }
        if let bad = proof.firstIndex(where: { $0.count != 32 }) {
            return .failure(.hashLength(index: bad, count: proof[bad].count))
        }
        let expected = expectedProofLength(index: index, size: size)
        guard proof.count == expected else { return .failure(.wrongHashCount(expected: expected, actual: proof.count)) }
        var node = index
        var last = size - 1
        var hash = leafHash
        for sibling in proof {
            guard last != 0 else { return .failure(.wrongHashCount(expected: expected, actual: proof.count)) }
            if node & 1 == 1 || node == last {
                hash = nodeHash(sibling, hash)
                while node & 1 == 0 && node != 0 {
                    node >>= 1
                    last >>= 1
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            node >>= 1
            last >>= 1
        }
        guard last == 0 else { return .failure(.wrongHashCount(expected: expected, actual: proof.count)) }
        return .success(hash)
    }

    /// The number of hashes in an inclusion proof for `index` in a tree of `size` leaves (RFC 9162 §2.1.3.2):
    /// the bit length of `index XOR (size - 1)`, plus the set bits of `index` above it.
    static func expectedProofLength(index: UInt64, size: UInt64) -> Int {
        let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
        let border = inner >= 64 ? 0 : (index >> UInt64(inner)).nonzeroBitCount
        return inner + border
    }
}
