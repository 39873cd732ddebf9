import Foundation
import VouchCore
import VouchJSON
import VouchTestSupport

/// Writes testdata/image: the keys, the test trusted root, one layout per fixture (each with a README), the
/// expectations, and the folder's README.
enum ImageFixtureRecorder {
    static func record(to folder: URL) throws {
        let manager = FileManager.default
        let keys = try ImageFixtureKeys()
        if manager.fileExists(atPath: folder.path) {
            for name in try manager.contentsOfDirectory(atPath: folder.path) where name != "oci-cosign" {
                try manager.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        try manager.createDirectory(at: folder.appendingPathComponent("keys"), withIntermediateDirectories: true)
        for (name, key) in keys.publicKeys {
            try Data(key.pem.utf8).write(to: folder.appendingPathComponent("keys/\(name)"))
        }
        try Data(JCS.canonicalBytes(keys.sigstore.trustedRoot.json)).write(
            to: folder.appendingPathComponent("trusted_root.json"))
        var expectations: [ImageExpectation] = []
        for fixture in ImageFixtures.all {
            var builder = try LayoutBuilder(copying: fixture.base, to: folder.appendingPathComponent(fixture.name))
            try fixture.build(&builder, keys)
            try builder.write()
            try Data(readme(fixture).utf8).write(to: builder.directory.appendingPathComponent("README.md"))
            expectations += fixture.expectations
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(expectations) + Data("\n".utf8)).write(
            to: folder.appendingPathComponent("expectations.json"))
        try Data(folderReadme().utf8).write(to: folder.appendingPathComponent("README.md"))
    }

    static func readme(_ fixture: ImageFixture) -> String {
        var text = "# \(fixture.name)\n\n\(fixture.summary)\n\n"
        text += "Made by `scripts/make-image-fixtures` (see ../README.md) from `testdata/oci/\(fixture.base)`; do not "
        text += "edit by hand: digests and signatures would break.\n\n| verify with | verdict | findings | why |\n"
        text += "|---|---|---|---|\n"
        for expectation in fixture.expectations {
            let arguments = ([expectation.reference] + expectation.arguments).joined(separator: " ")
            let codes = expectation.codes.map { "`\($0)`" }.joined(separator: ", ")
            text +=
                "| `\(arguments)` | \(expectation.verdict) | \(codes) | \(expectation.why) |\n"
        }
        return text
    }

    static func folderReadme() -> String {
        var text = """
            # Signed image layouts

            Made by `scripts/make-image-fixtures`, which runs the recording test in `Tests/VouchImageTests` with
            `VOUCH_RECORD_IMAGE_FIXTURES=1`: a test Sigstore (Fulcio-style CA, CT log, Rekor v1 log and timestamp
            authority, keys made in memory) and VouchCrypto's signing code sign the umoci-built images of
            `testdata/oci` the ways cosign does. Every run makes new keys: commit the whole folder together.

            - `keys/`: the public keys (`cosign.pub` and `other.pub` P-256, `p384.pub`, `rsa.pub` RSA 2048,
              `ed25519.pub`); the private keys are not kept.
            - `trusted_root.json`: the test Sigstore's trusted root.
            - `expectations.json`: how each layout is verified and what must come out (verdict and finding codes);
              `ImageFixtureTests` runs each through `vouch verify image --format json`. `{layout}`, `{keys}` and
              `{root}` stand for the layout, `keys/` and `trusted_root.json`.
            - `oci-cosign/`: the finding code expected for each failing case of `../shared/testsuites/oci-cosign`.

            | layout | what |
            |---|---|

            """
        for fixture in ImageFixtures.all { text += "| `\(fixture.name)/` | \(fixture.summary) |\n" }
        return text
    }
}
