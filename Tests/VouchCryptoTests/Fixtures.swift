import Foundation
import VouchCore
import VouchCrypto
import VouchTestSupport

/// The files of testdata/crypto (made by scripts/make-crypto-fixtures).
enum Fixtures {
    static func url(_ name: String) -> URL { TestPaths.fixture("crypto/\(name)") }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    static func message() throws -> [UInt8] { try bytes("message.txt") }

    static func publicKey(_ name: String) throws -> PublicKey { try PublicKey.load(try bytes(name), input: name) }

    static func certificate(_ name: String) throws -> Certificate {
        let chain = try Certificate.parsePEMChain(try text(name), input: name)
        return chain[0]
    }

    static func time(_ text: String) -> VerificationTime { try! VerificationTime(rfc3339: text) }
}


extension Array where Element == UInt8 {
    /// A copy with one byte XOR-ed.
    func flipping(_ index: Int, _ mask: UInt8 = 0x01) -> [UInt8] {
        var copy = self
        copy[index] ^= mask
        return copy
    }
}
