import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// One vector file of the Wycheproof suite as listed in its cases.json.
struct WycheproofFile: Sendable, CustomTestStringConvertible {
    let id: String
    let path: String
    let numberOfTests: Int
    let resultCounts: [String: Int]

    var testDescription: String { id }

    static func all() throws -> [WycheproofFile] {
        try ExternalCase.all(in: "wycheproof").map { suiteCase in
            WycheproofFile(
                id: suiteCase.id,
                path: try suiteCase.file("vectors").path,
                numberOfTests: try #require(suiteCase.args["numberOfTests"] as? Int),
                resultCounts: try #require(suiteCase.args["result_counts"] as? [String: Int]))
        }
    }
}

/// Runs every Wycheproof vector through ``PublicKey/isValidSignature(_:for:using:)``.
///
/// `valid` vectors must verify and `invalid` ones must not. For `acceptable` vectors Vouch decides to **reject**:
/// a fail-closed verifier has no reason to accept an encoding the standard calls legacy. The only acceptable vector
/// in this selection is RSA PKCS#1 v1.5 tcId 8 ("MissingNull": a DigestInfo without the NULL parameters), which
/// OpenSSL 3 rejects and which is therefore expected to give `false`.
@Suite("Wycheproof signature vectors")
struct WycheproofTests {
    static let acceptableVerdict = false

    @Test("every vector gives the expected verdict", arguments: try WycheproofFile.all())
    func vectors(file: WycheproofFile) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let algorithmName = try #require(root["algorithm"] as? String)
        #expect(root["numberOfTests"] as? Int == file.numberOfTests)
        let groups = try #require(root["testGroups"] as? [[String: Any]])

        var counts: [String: Int] = [:]
        var disagreements: [String] = []
        for group in groups {
            let algorithm = try Self.algorithm(algorithmName, group: group)
            let keyHex = try #require(group["publicKeyDer"] as? String)
            let key = try PublicKey(der: try Self.hex(keyHex), input: "\(file.id) key")
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let id = try #require(test["tcId"] as? Int)
                let result = try #require(test["result"] as? String)
                let message = try Self.hex(try #require(test["msg"] as? String))
                let signature = try Self.hex(try #require(test["sig"] as? String))
                counts[result, default: 0] += 1
                let verdict = try key.isValidSignature(signature, for: message, using: algorithm)
                let expected: Bool
                switch result {
                case "valid": expected = true
                case "invalid": expected = false
                default: expected = Self.acceptableVerdict
                }
                if verdict != expected {
                    disagreements.append("tcId \(id) (\(result), \(test["comment"] as? String ?? "")): got \(verdict)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(file.id): \(disagreements.joined(separator: "; "))")
        #expect(counts.values.reduce(0, +) == file.numberOfTests, "\(file.id) ran \(counts) vectors")
        #expect(counts == file.resultCounts)
    }

    static func hex(_ text: String) throws -> [UInt8] {
        try #require(Hex.decode(text), "not hex: \(text)")
    }

    static func algorithm(_ name: String, group: [String: Any]) throws -> SignatureAlgorithm {
        func digest(_ field: String) throws -> DigestAlgorithm {
            switch group[field] as? String {
            case "SHA-256": return .sha256
            case "SHA-384": return .sha384
            case "SHA-512": return .sha512
            case let other: throw WycheproofError.unexpected("\(field) \(other ?? "missing")")
            }
        }
        switch name {
        case "ECDSA":
            return .ecdsa(try digest("sha"), encoding: .der)
        case "EDDSA":
            return .ed25519
        case "RSASSA-PKCS1-v1_5":
            return .rsaPKCS1v15(try digest("sha"))
        case "RSASSA-PSS":
            // Vouch always uses MGF1 with the message digest; a file with another MGF hash would need a new case.
            guard group["mgf"] as? String == "MGF1", try digest("mgfSha") == digest("sha") else {
                throw WycheproofError.unexpected("MGF \(group["mgf"] ?? "") \(group["mgfSha"] ?? "")")
            }
            return .rsaPSS(try digest("sha"), saltLength: .bytes(try #require(group["sLen"] as? Int)))
        default:
            throw WycheproofError.unexpected("algorithm \(name)")
        }
    }
}

enum WycheproofError: Error {
    case unexpected(String)
}
