import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

/// How one recorded fixture is verified, and what must come out: stored in testdata/image/expectations.json.
///
/// `{layout}`, `{keys}` and `{root}` in the reference and arguments stand for the fixture's folder, the key folder
/// and the test trusted root.
struct ImageExpectation: Codable, Sendable, CustomStringConvertible {
    var fixture: String
    var reference: String
    var arguments: [String]
    /// `verified`, `unsigned`, `no-match`, `invalid`.
    var verdict: String
    /// Codes that must be among the findings (the defect's, not only the verdict's).
    var codes: [String]
    var why: String

    var description: String { "\(fixture) \(arguments.joined(separator: " "))" }
}

/// One fixture: a layout the generator writes, what it shows, and its expectations.
struct ImageFixture {
    var name: String
    var summary: String
    var base = "image"
    var build: (inout LayoutBuilder, ImageFixtureKeys) throws -> Void
    var expectations: [ImageExpectation]
}

/// The keys and authorities a recording signs with (fresh every time).
struct ImageFixtureKeys {
    let sigstore: TestSigstore
    let signer: CosignFixtureSigner
    let cosign: PrivateKey
    let other: PrivateKey
    let p384: PrivateKey
    let rsa: PrivateKey
    let ed25519: PrivateKey

    init() throws {
        sigstore = try TestSigstore()
        signer = CosignFixtureSigner(sigstore: sigstore)
        cosign = try PrivateKey.generate(.ecP256)
        other = try PrivateKey.generate(.ecP256)
        p384 = try PrivateKey.generate(.ecP384)
        rsa = try PrivateKey.generate(.rsa(bits: 2048))
        ed25519 = try PrivateKey.generate(.ed25519)
    }

    /// The public keys written to testdata/image/keys.
    var publicKeys: [(String, PublicKey)] {
        [
            ("cosign.pub", cosign.publicKey), ("other.pub", other.publicKey), ("p384.pub", p384.publicKey),
            ("rsa.pub", rsa.publicKey), ("ed25519.pub", ed25519.publicKey),
        ]
    }
}
