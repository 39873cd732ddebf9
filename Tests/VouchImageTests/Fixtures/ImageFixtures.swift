import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

/// The project's own signed image layouts (testdata/image): each positive shape cosign produces, and one negative
/// per defect the issue names, each with how it is verified and what must come out.
enum ImageFixtures {
    static let keyArguments = ["--key", "{keys}/cosign.pub", "--trusted-root", "{root}"]
    static let identityArguments = [
        "--certificate-identity", TestSigstore.identity, "--certificate-oidc-issuer", TestSigstore.issuer,
        "--trusted-root", "{root}",
    ]

    static func run(
        _ fixture: String, _ arguments: [String], _ verdict: String, _ codes: [String] = [], reference: String? = nil,
        why: String
    ) -> ImageExpectation {
        ImageExpectation(
            fixture: fixture, reference: reference ?? "oci:{layout}:1.0", arguments: arguments, verdict: verdict,
            codes: codes, why: why)
    }

    /// The image entry's digest and a subject descriptor for it.
    static func image(_ builder: LayoutBuilder, tag: String = "1.0") throws -> (Digest, JSONNode) {
        let entry = builder.entry(tagged: tag)
        let digest = try Digest(parsing: entry.string("digest")!)
        let subject: JSONNode = [
            "mediaType": .init(.string(entry.string("mediaType")!)), "digest": .init(.string(digest.description)),
            "size": entry.member("size")!,
        ]
        return (digest, subject)
    }

    /// The platform manifests of the multi-arch index: amd64 first, then arm64.
    static func children(_ builder: LayoutBuilder) throws -> [Digest] {
        let (index, _) = try image(builder, tag: "multi")
        let document = try JSONDocument.parse(Data(contentsOf: builder.path(of: index)), input: "index")
        return try document.cursor.required("manifests").array().map {
            try Digest(parsing: try $0.required("digest").string())
        }
    }

    static func payload(_ digest: Digest) -> [UInt8] { CosignFixtureSigner.payload(digest: digest.description) }

    static var all: [ImageFixture] {
        [
            ImageFixture(
                name: "unsigned", summary: "The image alone: nothing attached.",
                build: { _, _ in },
                expectations: [
                    run("unsigned", keyArguments, "unsigned", ["image.verdict.unsigned"], why: "no signature at all")
                ]),
            ImageFixture(
                name: "signed-key",
                summary: "A legacy `.sig` image with one layer signed by `keys/cosign.pub` (P-256), with its Rekor "
                    + "bundle annotation; the payload names `registry.vouch.test/app` and `optional.release = 1.0`.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(digest), key: keys.cosign)], to: &builder, subject: digest)
                },
                expectations: [
                    run("signed-key", keyArguments, "verified", why: "the key and the log entry verify"),
                    run(
                        "signed-key",
                        ["--key", "{keys}/other.pub", "--key", "{keys}/cosign.pub", "--trusted-root", "{root}"],
                        "verified", why: "several keys: any one verifying suffices"),
                    run(
                        "signed-key", ["--key", "{keys}/other.pub", "--trusted-root", "{root}"], "no-match",
                        ["image.signature.key-mismatch", "image.verdict.no-match"], why: "signed by another key"),
                    run(
                        "signed-key", ["--key", "{keys}/cosign.pub"], "invalid", ["sigstore.tlog.log-unknown"],
                        why: "without a trusted root the log entry cannot be checked: fail closed"),
                    run(
                        "signed-key", ["--key", "{keys}/cosign.pub", "--insecure-ignore-tlog"], "verified",
                        ["image.unsafe.transparency-log-ignored"], why: "the unsafe switch is named and recorded"),
                    run(
                        "signed-key",
                        keyArguments + ["-a", "release=1.0", "--docker-reference", "registry.vouch.test/app"],
                        "verified", why: "the payload carries the annotation and the reference"),
                    run(
                        "signed-key", keyArguments + ["-a", "release=2.0"], "no-match",
                        ["image.payload.annotation-mismatch"], why: "the signed annotation has another value"),
                    run(
                        "signed-key", keyArguments + ["--docker-reference", "registry.vouch.test/other"], "no-match",
                        ["image.payload.reference-mismatch"], why: "the payload names another repository"),
                    run(
                        "signed-key", identityArguments, "no-match", ["sigstore.policy.material-mismatch"],
                        why: "a key signature cannot satisfy an identity"),
                ]),
            ImageFixture(
                name: "signed-keyless",
                summary:
                    "A legacy `.sig` layer signed keylessly: Fulcio-style certificate, chain, Rekor bundle and RFC "
                    + "3161 timestamp annotations, all from the test Sigstore of `trusted_root.json`.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        [try keys.signer.keylessLayer(payload(digest), timestamped: true)], to: &builder,
                        subject: digest)
                },
                expectations: [
                    run(
                        "signed-keyless", identityArguments, "verified",
                        why: "certificate, log entry and timestamp verify"),
                    run(
                        "signed-keyless",
                        [
                            "--certificate-identity",
                            "https://github.com/evil/app/.github/workflows/release.yml@refs/tags/v1",
                            "--certificate-oidc-issuer", TestSigstore.issuer, "--trusted-root", "{root}",
                        ], "no-match", ["sigstore.identity.san-mismatch"], why: "another identity signed"),
                    run(
                        "signed-keyless",
                        [
                            "--certificate-identity-regexp", "github.com/vouch/", "--certificate-oidc-issuer",
                            TestSigstore.issuer, "--trusted-root", "{root}",
                        ], "verified", ["sigstore.identity.unanchored-expression"],
                        why: "an unanchored expression matches, with a warning"),
                    run(
                        "signed-keyless", keyArguments, "no-match", ["sigstore.policy.material-mismatch"],
                        why: "a certificate signature is verified by identity, not by key"),
                ]),
            ImageFixture(
                name: "signed-v3",
                summary: "A cosign v3 signature: a Sigstore v0.3 bundle (DSSE, predicate `https://sigstore.dev/cosign/"
                    + "sign/v1`, the image as subject with annotation `release = 1.0`) in an OCI 1.1 referrer, listed "
                    + "in the referrers fallback index `sha256-<hex>`.",
                build: { builder, keys in
                    let (digest, subject) = try image(builder)
                    try keys.signer.attachReferrer(
                        try keys.signer.dsseBundle(CosignFixtureSigner.statement(subject: digest)), to: &builder,
                        subject: subject)
                },
                expectations: [
                    run("signed-v3", identityArguments, "verified", why: "the v3 bundle verifies"),
                    run("signed-v3", identityArguments + ["-a", "release=1.0"], "verified", why: "subject annotation"),
                    run(
                        "signed-v3", identityArguments + ["-a", "release=2.0"], "no-match",
                        ["image.payload.annotation-mismatch"], why: "the subject's annotation has another value"),
                ]),
            ImageFixture(
                name: "signed-keys",
                summary:
                    "A `.sig` image with three layers, signed by `keys/p384.pub` (ECDSA P-384, SHA-384), "
                    + "`keys/rsa.pub` "
                    + "(RSA 2048, PKCS #1 v1.5) and `keys/ed25519.pub`; no log entries.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        try [keys.p384, keys.rsa, keys.ed25519].map {
                            try keys.signer.keyLayer(payload(digest), key: $0, logged: false)
                        }, to: &builder, subject: digest)
                },
                expectations: ["p384", "rsa", "ed25519"].map { name in
                    run(
                        "signed-keys", ["--key", "{keys}/\(name).pub", "--insecure-ignore-tlog"], "verified",
                        why: "a \(name) key verifies its layer; the other layers do not match and do not matter")
                } + [
                    run(
                        "signed-keys", ["--key", "{keys}/p384.pub"], "invalid", ["sigstore.bundle.tlog-entry-missing"],
                        why: "no log entry: cosign's --insecure-ignore-tlog is required")
                ]),
            ImageFixture(
                name: "multiarch-signed-index",
                summary: "The multi-arch index signed (by `keys/cosign.pub`); its platform manifests are not.",
                base: "multiarch",
                build: { builder, keys in
                    let (digest, _) = try image(builder, tag: "multi")
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(digest), key: keys.cosign)], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "multiarch-signed-index", keyArguments, "verified", reference: "oci:{layout}:multi",
                        why: "verifying an index verifies the index digest"),
                    run(
                        "multiarch-signed-index", keyArguments + ["--platform", "linux/amd64"], "unsigned",
                        ["image.signature.only-on-index"], reference: "oci:{layout}:multi",
                        why: "the platform manifest has no signature of its own; the report says the index has"),
                ]),
            ImageFixture(
                name: "multiarch-signed-child",
                summary: "The multi-arch index unsigned; only its linux/arm64 manifest is signed (signature only on "
                    + "another platform).",
                base: "multiarch",
                build: { builder, keys in
                    let arm = try children(builder)[1]
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(arm), key: keys.cosign)], to: &builder, subject: arm)
                },
                expectations: [
                    run(
                        "multiarch-signed-child", keyArguments, "unsigned", ["image.signature.only-on-children"],
                        reference: "oci:{layout}:multi", why: "the index is not signed; a child is"),
                    run(
                        "multiarch-signed-child", keyArguments + ["--platform", "linux/amd64"], "unsigned",
                        ["image.signature.only-on-other-platforms"], reference: "oci:{layout}:multi",
                        why: "amd64 is not signed, arm64 is"),
                    run(
                        "multiarch-signed-child", keyArguments + ["--platform", "linux/arm64"], "verified",
                        reference: "oci:{layout}:multi", why: "the signed platform"),
                ]),
            ImageFixture(
                name: "neg-payload-digest", summary: "A valid signature whose payload names another image's digest.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    let other = Digest.of(Array("another image".utf8), using: .sha256)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(other), key: keys.cosign)], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-payload-digest", keyArguments, "invalid", ["image.payload.digest-mismatch"],
                        why: "payload digest is not the image's")
                ]),
            ImageFixture(
                name: "neg-other-key",
                summary: "Signed (and logged) by `keys/other.pub`, verified with `keys/cosign.pub`.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(digest), key: keys.other)], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-other-key", keyArguments, "no-match", ["image.signature.key-mismatch"],
                        why: "signature by another key")
                ]),
            ImageFixture(
                name: "neg-tampered-payload",
                summary: "The payload blob was rewritten after signing; the layer descriptor still names the original.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    let original = payload(digest)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(original, key: keys.cosign)], to: &builder, subject: digest)
                    let tampered = CosignFixtureSigner.payload(
                        digest: digest.description, optional: ["release": "6.6.6"])
                    try Data(tampered).write(to: builder.path(of: Digest.of(original, using: .sha256)))
                },
                expectations: [
                    run(
                        "neg-tampered-payload", keyArguments, "invalid", ["image.signature.payload-digest-mismatch"],
                        why: "the payload does not match its descriptor")
                ]),
            ImageFixture(
                name: "neg-tampered-payload-resealed",
                summary: "A keyless signature whose payload was replaced and whose `.sig` manifest was rewritten to "
                    + "match: every digest agrees, the signature does not.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keylessLayer(payload(digest))
                    layer.payload = CosignFixtureSigner.payload(
                        digest: digest.description, optional: ["release": "6.6.6"])
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-tampered-payload-resealed", identityArguments, "invalid", ["sigstore.signature.invalid"],
                        why: "the signature does not verify over the altered payload")
                ]),
            ImageFixture(
                name: "neg-tampered-layer",
                summary: "Correctly signed, but one byte of an image layer blob was changed.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(digest), key: keys.cosign)], to: &builder, subject: digest)
                    let manifest = try JSONDocument.parse(Data(contentsOf: builder.path(of: digest)), input: "manifest")
                    let layer = try Digest(
                        parsing: try manifest.cursor.required("layers").array()[0].required("digest").string())
                    var bytes = try Data(contentsOf: builder.path(of: layer))
                    bytes[bytes.count - 1] ^= 0x01
                    try bytes.write(to: builder.path(of: layer))
                },
                expectations: [
                    run(
                        "neg-tampered-layer", keyArguments, "invalid", ["oci.blob.digest-mismatch"],
                        why: "the layer no longer matches the signed manifest"),
                    run(
                        "neg-tampered-layer", keyArguments + ["--skip-blob-check"], "verified",
                        ["image.content.not-checked"],
                        why: "with the content check off only the signature is judged, and the report says so"),
                ]),
            ImageFixture(
                name: "neg-tampered-manifest", summary: "Signed, then the image manifest blob was rewritten in place.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(payload(digest), key: keys.cosign)], to: &builder, subject: digest)
                    var bytes = try Data(contentsOf: builder.path(of: digest))
                    bytes.append(contentsOf: Array("\n".utf8))
                    try bytes.write(to: builder.path(of: digest))
                },
                expectations: [
                    run(
                        "neg-tampered-manifest", keyArguments, "invalid", ["oci.manifest.digest-mismatch"],
                        why: "the manifest does not hash to the digest that was signed")
                ]),
            ImageFixture(
                name: "neg-media-type",
                summary: "A correctly signed layer whose media type is `text/plain` instead of simple signing.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keyLayer(payload(digest), key: keys.cosign)
                    layer.mediaType = "text/plain"
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-media-type", keyArguments, "unsigned", ["image.signature.media-type-unexpected"],
                        why: "not a signature layer, so not counted (as containers/image does)")
                ]),
            ImageFixture(
                name: "neg-missing-annotation", summary: "A simple-signing layer without its signature annotation.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keyLayer(payload(digest), key: keys.cosign)
                    layer.annotations["dev.cosignproject.cosign/signature"] = nil
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-missing-annotation", keyArguments, "invalid", ["image.signature.annotation-missing"],
                        why: "no signature on the layer")
                ]),
            ImageFixture(
                name: "neg-truncated-signature", summary: "The signature annotation holds the DER signature cut short.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    let body = payload(digest)
                    let signature = try keys.cosign.signature(for: body, using: .ecdsa(.sha256, encoding: .der))
                    try keys.signer.attach(
                        [
                            SignatureLayer(
                                payload: body,
                                annotations: [
                                    "dev.cosignproject.cosign/signature": Base64.encode(signature.dropLast(6))
                                ])
                        ],
                        to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-truncated-signature", ["--key", "{keys}/cosign.pub", "--insecure-ignore-tlog"], "invalid",
                        ["image.signature.malformed"], why: "truncated DER is not a signature")
                ]),
            ImageFixture(
                name: "neg-nonbase64-signature", summary: "The signature annotation is not base64.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keyLayer(payload(digest), key: keys.cosign)
                    layer.annotations["dev.cosignproject.cosign/signature"] = "MEUCIQ*not-base64*"
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-nonbase64-signature", keyArguments, "invalid", ["image.signature.base64-invalid"],
                        why: "the annotation cannot be decoded")
                ]),
            ImageFixture(
                name: "neg-payload-type", summary: "A signed payload whose `critical.type` is not cosign's.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    let body = CosignFixtureSigner.payload(
                        digest: digest.description, type: "atomic container signature")
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(body, key: keys.cosign)], to: &builder, subject: digest)
                },
                expectations: [
                    run("neg-payload-type", keyArguments, "invalid", ["image.payload.type-invalid"], why: "wrong type")
                ]),
            ImageFixture(
                name: "neg-malformed-payload", summary: "A signed payload with an unknown critical member.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    let body = JCS.canonicalBytes([
                        "critical": [
                            "identity": ["docker-reference": "registry.vouch.test/app"],
                            "image": ["docker-manifest-digest": .init(.string(digest.description))],
                            "type": "cosign container image signature", "expires": "never",
                        ],
                        "optional": nil,
                    ])
                    try keys.signer.attach(
                        [try keys.signer.keyLayer(body, key: keys.cosign)], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-malformed-payload", keyArguments, "invalid", ["image.payload.malformed"],
                        why: "an unknown critical member is refused")
                ]),
            ImageFixture(
                name: "neg-bad-set", summary: "The Rekor bundle annotation's signed entry timestamp does not verify.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keyLayer(payload(digest), key: keys.cosign)
                    let body = payload(digest)
                    let signature = Base64.decode(layer.annotations["dev.cosignproject.cosign/signature"]!)!
                    var entry = try keys.sigstore.logEntry(
                        body: TestSigstore.hashedRekordBody(
                            artifact: body, signature: signature, verifier: keys.cosign.publicKey.pem))
                    entry.integratedTime += 3600
                    layer.annotations["dev.sigstore.cosign/bundle"] = TestSigstore.bundleAnnotation(entry)
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run("neg-bad-set", keyArguments, "invalid", ["sigstore.tlog.set-invalid"], why: "SET altered")
                ]),
            ImageFixture(
                name: "neg-bundle-annotation", summary: "The Rekor bundle annotation is not the cosign bundle JSON.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keyLayer(payload(digest), key: keys.cosign)
                    layer.annotations["dev.sigstore.cosign/bundle"] = #"{"Payload":{}}"#
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-bundle-annotation", keyArguments, "invalid", ["image.signature.bundle-invalid"],
                        why: "the log entry annotation is unusable")
                ]),
            ImageFixture(
                name: "neg-certificate-annotation", summary: "The certificate annotation is not a PEM certificate.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keylessLayer(payload(digest))
                    layer.annotations["dev.sigstore.cosign/certificate"] =
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-certificate-annotation", identityArguments, "invalid",
                        ["image.signature.certificate-invalid"],
                        why: "the certificate cannot be read")
                ]),
            ImageFixture(
                name: "neg-timestamp-annotation", summary: "The RFC 3161 annotation is not `{SignedRFC3161Timestamp}`.",
                build: { builder, keys in
                    let (digest, _) = try image(builder)
                    var layer = try keys.signer.keylessLayer(payload(digest))
                    layer.annotations["dev.sigstore.cosign/rfc3161timestamp"] = #"{"timestamp":"MAA="}"#
                    try keys.signer.attach([layer], to: &builder, subject: digest)
                },
                expectations: [
                    run(
                        "neg-timestamp-annotation", identityArguments, "invalid", ["image.signature.timestamp-invalid"],
                        why: "the timestamp annotation is unusable")
                ]),
            ImageFixture(
                name: "neg-v3-subject", summary: "A valid cosign v3 bundle about another image, attached to this one.",
                build: { builder, keys in
                    let (_, subject) = try image(builder)
                    let other = Digest.of(Array("another image".utf8), using: .sha256)
                    try keys.signer.attachReferrer(
                        try keys.signer.dsseBundle(CosignFixtureSigner.statement(subject: other)), to: &builder,
                        subject: subject)
                },
                expectations: [
                    run(
                        "neg-v3-subject", identityArguments, "invalid", ["sigstore.dsse.subject-mismatch"],
                        why: "the statement's subject is another digest")
                ]),
            ImageFixture(
                name: "neg-bundle-manifest", summary: "A bundle referrer with a second, foreign layer.",
                build: { builder, keys in
                    let (digest, subject) = try image(builder)
                    try keys.signer.attachReferrer(
                        try keys.signer.dsseBundle(CosignFixtureSigner.statement(subject: digest)), to: &builder,
                        subject: subject, extraLayer: true)
                },
                expectations: [
                    run(
                        "neg-bundle-manifest", identityArguments, "invalid", ["image.bundle.manifest-invalid"],
                        why: "a bundle referrer carries exactly one bundle layer")
                ]),
            ImageFixture(
                name: "neg-message-bundle",
                summary: "A referrer holding a Sigstore bundle with a message signature, which cannot sign an image.",
                build: { builder, keys in
                    let (digest, subject) = try image(builder)
                    let signature = try keys.cosign.signature(
                        for: payload(digest), using: .ecdsa(.sha256, encoding: .der))
                    let bundle: JSONNode = [
                        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
                        "verificationMaterial": ["publicKey": ["hint": ""], "tlogEntries": []],
                        "messageSignature": [
                            "messageDigest": [
                                "algorithm": "SHA2_256",
                                "digest": .init(
                                    .string(Base64.encode(Digest.of(payload(digest), using: .sha256).bytes))),
                            ],
                            "signature": .init(.string(Base64.encode(signature))),
                        ],
                    ]
                    try keys.signer.attachReferrer(bundle, to: &builder, subject: subject)
                },
                expectations: [
                    run(
                        "neg-message-bundle", keyArguments, "unsigned", ["image.bundle.content-unsupported"],
                        why: "a message signature over unknown bytes is not counted as an image signature")
                ]),
            ImageFixture(
                name: "v3-attestation-only",
                summary: "A cosign v3 attestation (SLSA provenance predicate) and no signature.",
                build: { builder, keys in
                    let (digest, subject) = try image(builder)
                    try keys.signer.attachReferrer(
                        try keys.signer.dsseBundle(
                            CosignFixtureSigner.statement(
                                subject: digest, predicateType: PredicateTypeMatcher.slsaProvenanceV1)),
                        to: &builder, subject: subject)
                },
                expectations: [
                    run(
                        "v3-attestation-only", identityArguments, "unsigned", ["image.attestation.found"],
                        why: "an attestation is not an image signature; it is listed")
                ]),
        ]
    }
}
