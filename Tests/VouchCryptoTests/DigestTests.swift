import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@Suite("digests")
struct DigestTests {
    /// FIPS 180 test vectors for "abc".
    @Test(
        "known answers for abc",
        arguments: [
            (DigestAlgorithm.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                .sha384,
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
            ),
            (
                .sha512,
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                    + "454d4423643ce80e2a9ac94fa54ca49f"
            ),
        ])
    func knownAnswers(algorithm: DigestAlgorithm, hex: String) {
        #expect(Digest.of(Array("abc".utf8), using: algorithm).hex == hex)
        #expect(Digest.of(Data("abc".utf8), using: algorithm).algorithm == algorithm)
        #expect(Hex.encode(algorithm.digestBytes(of: Array("abc".utf8))) == hex)
        #expect(algorithm.digestBytes(of: [UInt8]()) == Digest.of([UInt8](), using: algorithm).bytes)
    }

    @Test("re-chunking never changes the digest", arguments: [1, 3, 64, 1000])
    func rechunking(chunk: Int) {
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
        var hasher = DigestHasher(.sha256)
        var index = 0
        while index < data.count {
            hasher.update(Array(data[index..<min(index + chunk, data.count)]))
            index += chunk
        }
        #expect(hasher.finalize() == Digest.of(data, using: .sha256))
    }

    @Test("a copied hasher continues independently, and finalize can be called twice")
    func copyOnWrite() {
        var first = DigestHasher(.sha256)
        first.update(Array("ab".utf8))
        var second = first
        second.update(Array("c".utf8))
        #expect(first.finalize() == Digest.of(Array("ab".utf8), using: .sha256))
        #expect(second.finalize() == Digest.of(Array("abc".utf8), using: .sha256))
        first.update(Array("c".utf8))
        #expect(first.finalize() == second.finalize())
    }

    @Test(
        "files hash to the same digests as memory, for several algorithms and chunk sizes",
        arguments: [7, 4096, 1 << 20])
    func file(chunkSize: Int) throws {
        let path = Fixtures.url("message.txt").path
        let message = try Fixtures.message()
        let digests = try FileDigester.digest(ofFileAt: path, algorithms: [.sha256, .sha512], chunkSize: chunkSize)
        #expect(digests == [Digest.of(message, using: .sha256), Digest.of(message, using: .sha512)])
    }

    @Test("an unreadable file is a finding")
    func unreadable() {
        #expect(
            findingCode { try FileDigester.digest(ofFileAt: "/nonexistent/file", algorithms: [.sha256]) }
                == .inputUnreadable)
        #expect(findingCode { try FileDigester.digest(ofFileAt: "/", algorithms: [.sha256]) } == .inputUnreadable)
    }
}
