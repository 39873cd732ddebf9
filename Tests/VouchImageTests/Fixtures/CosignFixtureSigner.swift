import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// One layer of a cosign `.sig` image, as cosign writes it: the payload blob, its media type, the annotations.
struct SignatureLayer {
    var payload: [UInt8]
    var mediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
    var annotations: [String: String]
}

/// Signs images the ways cosign does, with the test Sigstore's authorities: legacy `.sig` layers by a key or by a
/// Fulcio certificate (with Rekor bundle and RFC 3161 annotations), and cosign v3 DSSE bundles attached as OCI 1.1
/// referrers.
struct CosignFixtureSigner {
    let sigstore: TestSigstore

    static let reference = "registry.vouch.test/app"

    /// A simple-signing payload for `digest`.
    static func payload(
        digest: String, reference: String = reference, optional: JSONNode = ["release": "1.0"],
        type: String = "cosign container image signature"
    ) -> [UInt8] {
        JCS.canonicalBytes([
            "critical": [
                "identity": ["docker-reference": .init(.string(reference))],
                "image": ["docker-manifest-digest": .init(.string(digest))], "type": .init(.string(type)),
            ],
            "optional": optional,
        ])
    }

    /// The algorithm cosign signs with for a key: SHA-256 ECDSA for P-256, SHA-384 for P-384, PKCS#1 v1.5 for RSA.
    static func algorithm(for key: PrivateKey) -> SignatureAlgorithm {
        switch key.kind {
        case .ecP384: .ecdsa(.sha384, encoding: .der)
        case .ecP521: .ecdsa(.sha512, encoding: .der)
        case .ed25519: .ed25519
        case .rsa: .rsaPKCS1v15(.sha256)
        case .ecP256: .ecdsa(.sha256, encoding: .der)
        }
    }

    /// A layer signed by a managed key, with a Rekor bundle annotation unless `logged` is false.
    func keyLayer(_ payload: [UInt8], key: PrivateKey, logged: Bool = true) throws -> SignatureLayer {
        let signature = try key.signature(for: payload, using: Self.algorithm(for: key))
        var annotations = ["dev.cosignproject.cosign/signature": Base64.encode(signature)]
        if logged {
            let body = TestSigstore.hashedRekordBody(
                artifact: payload, signature: signature, verifier: key.publicKey.pem)
            annotations["dev.sigstore.cosign/bundle"] = TestSigstore.bundleAnnotation(try sigstore.logEntry(body: body))
        }
        return SignatureLayer(payload: payload, annotations: annotations)
    }

    /// A keyless layer: a fresh key, its Fulcio-style certificate, the chain, the Rekor bundle and optionally an
    /// RFC 3161 timestamp.
    func keylessLayer(
        _ payload: [UInt8], identity: String = TestSigstore.identity, timestamped: Bool = false
    ) throws
        -> SignatureLayer
    {
        let key = try PrivateKey.generate(.ecP256)
        let certificate = try sigstore.certificate(for: key, identity: identity)
        let signature = try key.signature(for: payload, using: .ecdsa(.sha256, encoding: .der))
        let body = TestSigstore.hashedRekordBody(artifact: payload, signature: signature, verifier: certificate.pem)
        var annotations = [
            "dev.cosignproject.cosign/signature": Base64.encode(signature),
            "dev.sigstore.cosign/certificate": certificate.pem,
            "dev.sigstore.cosign/chain": sigstore.intermediate.pem + sigstore.root.pem,
            "dev.sigstore.cosign/bundle": TestSigstore.bundleAnnotation(try sigstore.logEntry(body: body)),
        ]
        if timestamped {
            annotations["dev.sigstore.cosign/rfc3161timestamp"] = JCS.canonicalString([
                "SignedRFC3161Timestamp": .init(.string(Base64.encode(try sigstore.timestamp(signature))))
            ])
        }
        return SignatureLayer(payload: payload, annotations: annotations)
    }

    /// Adds a cosign signature image for `subject` (`sha256-<hex>.sig`, or `tag`) with these layers.
    func attach(_ layers: [SignatureLayer], to builder: inout LayoutBuilder, subject: Digest, tag: String? = nil) throws
    {
        let config = try builder.blob(
            JCS.canonicalBytes([
                "architecture": "", "os": "", "config": [:],
                "rootfs": [
                    "type": "layers",
                    "diff_ids": .init(
                        .array(layers.map { .init(.string(Digest.of($0.payload, using: .sha256).description)) })),
                ],
            ]), mediaType: "application/vnd.oci.image.config.v1+json")
        var descriptors: [JSONNode] = []
        for layer in layers {
            var descriptor = try builder.blob(layer.payload, mediaType: layer.mediaType)
            for (key, value) in layer.annotations.sorted(by: { $0.key < $1.key }) {
                descriptor = descriptor.with(annotation: key, value)
            }
            descriptors.append(descriptor)
        }
        let manifest = try builder.manifest([
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config,
            "layers": .init(.array(descriptors)),
        ])
        builder.add(manifest, tag: tag ?? "\(subject.algorithm.rawValue)-\(subject.hex).sig")
    }

    // MARK: cosign v3

    /// An in-toto statement with the cosign signing predicate (or another) about `subject`.
    static func statement(
        subject: Digest, predicateType: String = PredicateTypeMatcher.cosignSign,
        annotations: [String: String] = ["release": "1.0"]
    ) -> [UInt8] {
        var entry: JSONObject = [
            "name": .init(.string(reference)), "digest": ["sha256": .init(.string(subject.hex))],
        ]
        if !annotations.isEmpty {
            entry["annotations"] = .init(
                .object(JSONObject(annotations.map { JSONMember(key: $0.key, value: .init(.string($0.value))) })))
        }
        return JCS.canonicalBytes([
            "_type": "https://in-toto.io/Statement/v1", "subject": .init(.array([.init(.object(entry))])),
            "predicateType": .init(.string(predicateType)), "predicate": [:],
        ])
    }

    /// A keyless v0.3 bundle with a DSSE envelope over `statement`, logged as dsse 0.0.1 with promise and proof.
    func dsseBundle(_ statement: [UInt8]) throws -> JSONNode {
        let key = try PrivateKey.generate(.ecP256)
        let certificate = try sigstore.certificate(for: key)
        let type = DSSEEnvelope.inTotoPayloadType
        let signature = try key.signature(
            for: DSSEEnvelope.pae(payloadType: type, payload: statement), using: .ecdsa(.sha256, encoding: .der))
        let body = TestSigstore.dsseBody(payload: statement, signature: signature, verifier: certificate.pem)
        return [
            "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": [
                "certificate": ["rawBytes": .init(.string(Base64.encode(certificate.der)))],
                "tlogEntries": [try sigstore.bundleEntry(body: body, kind: "dsse", version: "0.0.1")],
            ],
            "dsseEnvelope": [
                "payload": .init(.string(Base64.encode(statement))), "payloadType": .init(.string(type)),
                "signatures": [["sig": .init(.string(Base64.encode(signature))), "keyid": ""]],
            ],
        ]
    }

    /// Attaches a bundle as cosign v3 does: an OCI 1.1 artifact manifest whose subject is the image, listed in the
    /// referrers fallback index `sha256-<hex>` (a layout has no referrers API).
    func attachReferrer(
        _ bundle: JSONNode, to builder: inout LayoutBuilder, subject: JSONNode, extraLayer: Bool = false
    ) throws {
        let bundleType = "application/vnd.dev.sigstore.bundle.v0.3+json"
        let empty = try builder.blob(Array("{}".utf8), mediaType: "application/vnd.oci.empty.v1+json")
        var layers = [try builder.blob(JCS.canonicalBytes(bundle), mediaType: bundleType)]
        if extraLayer { layers.append(try builder.blob(Array("extra".utf8), mediaType: "text/plain")) }
        let annotations: JSONNode = [
            "dev.sigstore.bundle.content": "dsse-envelope",
            "org.opencontainers.image.created": "2026-03-01T12:00:00Z",
        ]
        var manifest = try builder.manifest([
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "artifactType": .init(.string(bundleType)), "config": empty, "layers": .init(.array(layers)),
            "subject": .init(subject.value), "annotations": annotations,
        ])
        manifest = manifest.setting("artifactType", .init(.string(bundleType))).setting("annotations", annotations)
        let subjectDigest = try Digest(parsing: subject.string("digest")!)
        let index = try builder.manifest([
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": .init(.array([manifest])),
        ])
        builder.add(index, tag: "\(subjectDigest.algorithm.rawValue)-\(subjectDigest.hex)")
    }
}
