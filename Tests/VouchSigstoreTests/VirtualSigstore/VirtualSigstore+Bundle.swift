import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// A bundle made by the virtual Sigstore, as JSON ready to be bent, with what it was made for.
struct VirtualBundle {
    var json: JSONNode
    let artifact: [UInt8]
    let signature: [UInt8]
    let leaf: Certificate?
    let signingKey: PrivateKey

    var data: [UInt8] { JCS.canonicalBytes(json) }

    func setting(_ pointer: String, _ value: JSONNode) -> VirtualBundle {
        var copy = self
        copy.json = json.setting(pointer, value)
        return copy
    }

    func removing(_ pointer: String) -> VirtualBundle {
        var copy = self
        copy.json = json.removing(pointer)
        return copy
    }
}

extension VirtualSigstore {
    static let defaultArtifact = Array("a virtual artifact, signed in memory\n".utf8)

    /// Makes a bundle for `artifact` as `spec` describes.
    func bundle(
        _ artifact: [UInt8] = defaultArtifact, _ spec: VirtualBundleSpec = VirtualBundleSpec()
    ) throws
        -> VirtualBundle
    {
        let signingTime = spec.signingTime ?? now
        let integratedTime = signingTime.secondsSinceEpoch + spec.integrationDelay
        let key: PrivateKey
        var leaf: Certificate? = nil
        switch spec.signer {
        case .certificate:
            key = try PrivateKey.generate(.ecP256)
            leaf = try signingCertificate(for: key, at: signingTime, spec: spec)
        case .key(let managed):
            key = managed
        }

        // The signature and the content.
        let artifactDigest = Digest.of(artifact, using: .sha256)
        let signature: [UInt8]
        var content: (String, JSONNode)
        var payload: [UInt8] = []
        var payloadType = ""
        switch spec.content {
        case .messageSignature:
            let algorithm: SignatureAlgorithm = key.kind == .ed25519 ? .ed25519 : .ecdsa(.sha256, encoding: .der)
            signature = try key.signature(for: artifact, using: algorithm)
            content = (
                "messageSignature",
                [
                    "messageDigest": [
                        "algorithm": "SHA2_256", "digest": .init(.string(Base64.encode(artifactDigest.bytes))),
                    ],
                    "signature": .init(.string(Base64.encode(signature))),
                ]
            )
        case .dsse(let type, let statement):
            payloadType = type
            let body: JSONNode =
                statement ?? [
                    "_type": "https://in-toto.io/Statement/v1",
                    "subject": [["name": "artifact", "digest": ["sha256": .init(.string(artifactDigest.hex))]]],
                    "predicateType": "https://slsa.dev/provenance/v1",
                    "predicate": ["buildDefinition": ["buildType": "https://vouch.test/build"]],
                ]
            payload = JCS.canonicalBytes(body)
            let pae = Array("DSSEv1 \(type.utf8.count) \(type) \(payload.count) ".utf8) + payload
            let algorithm: SignatureAlgorithm = key.kind == .ed25519 ? .ed25519 : .ecdsa(.sha256, encoding: .der)
            signature = try key.signature(for: pae, using: algorithm)
            content = (
                "dsseEnvelope",
                [
                    "payload": .init(.string(Base64.encode(payload))), "payloadType": .init(.string(type)),
                    "signatures": [["sig": .init(.string(Base64.encode(signature))), "keyid": ""]],
                ]
            )
        }

        // The log entry.
        let verifierPEM: String = leaf?.pem ?? key.publicKey.pem
        var entry: JSONObject
        switch spec.log {
        case .rekorV2:
            let verifier: JSONNode =
                leaf.map {
                    [
                        "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                        "x509Certificate": ["rawBytes": .init(.string(Base64.encode($0.der)))],
                    ]
                } ?? [
                    "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                    "publicKey": ["rawBytes": .init(.string(Base64.encode(key.publicKey.spkiDER)))],
                ]
            let body: JSONNode
            let kind: String
            if case .dsse = spec.content {
                kind = "dsse"
                body = [
                    "apiVersion": "0.0.2", "kind": "dsse",
                    "spec": [
                        "dsseV002": [
                            "payloadHash": [
                                "algorithm": "SHA2_256",
                                "digest": .init(.string(Base64.encode(Digest.of(payload, using: .sha256).bytes))),
                            ],
                            "signatures": [
                                ["content": .init(.string(Base64.encode(signature))), "verifier": verifier]
                            ],
                        ]
                    ],
                ]
            } else {
                kind = "hashedrekord"
                body = [
                    "apiVersion": "0.0.2", "kind": "hashedrekord",
                    "spec": [
                        "hashedRekordV002": [
                            "data": [
                                "algorithm": "SHA2_256", "digest": .init(.string(Base64.encode(artifactDigest.bytes))),
                            ],
                            "signature": ["content": .init(.string(Base64.encode(signature))), "verifier": verifier],
                        ]
                    ],
                ]
            }
            entry = try logEntry(
                body: JCS.canonicalBytes(body), kind: kind, version: "0.0.2", logID: rekorV2LogID,
                logIndex: spec.leafIndex,
                integratedTime: nil, promise: false, proof: true, rekorV2: true, spec: spec)
        case .rekorV1(let requestedKind, let promise, let proof):
            var kind = requestedKind
            if kind == "default" {
                if case .dsse = spec.content { kind = "dsse" } else { kind = "hashedrekord" }
            }
            let pem = Base64.encode(Array(verifierPEM.utf8))
            let body: JSONNode
            let version: String
            switch kind {
            case "dsse":
                version = "0.0.1"
                body = [
                    "apiVersion": "0.0.1", "kind": "dsse",
                    "spec": [
                        "envelopeHash": [
                            "algorithm": "sha256", "value": .init(.string(String(repeating: "0", count: 64))),
                        ],
                        "payloadHash": [
                            "algorithm": "sha256", "value": .init(.string(Digest.of(payload, using: .sha256).hex)),
                        ],
                        "signatures": [
                            ["signature": .init(.string(Base64.encode(signature))), "verifier": .init(.string(pem))]
                        ],
                    ],
                ]
            case "intoto":
                version = "0.0.2"
                let doubleSig = Base64.encode(Array(Base64.encode(signature).utf8))
                body = [
                    "apiVersion": "0.0.2", "kind": "intoto",
                    "spec": [
                        "content": [
                            "envelope": [
                                "payloadType": .init(.string(payloadType)),
                                "payload": .init(.string(Base64.encode(Array(Base64.encode(payload).utf8)))),
                                "signatures": [["sig": .init(.string(doubleSig)), "publicKey": .init(.string(pem))]],
                            ],
                            "hash": [
                                "algorithm": "sha256", "value": .init(.string(String(repeating: "0", count: 64))),
                            ],
                            "payloadHash": [
                                "algorithm": "sha256", "value": .init(.string(Digest.of(payload, using: .sha256).hex)),
                            ],
                        ]
                    ],
                ]
            default:
                version = "0.0.1"
                body = [
                    "apiVersion": "0.0.1", "kind": "hashedrekord",
                    "spec": [
                        "data": ["hash": ["algorithm": "sha256", "value": .init(.string(artifactDigest.hex))]],
                        "signature": [
                            "content": .init(.string(Base64.encode(signature))),
                            "publicKey": ["content": .init(.string(pem))],
                        ],
                    ],
                ]
            }
            entry = try logEntry(
                body: JCS.canonicalBytes(body), kind: kind, version: version, logID: rekorLogID,
                logIndex: 90_000_000 + spec.leafIndex, integratedTime: integratedTime, promise: promise, proof: proof,
                rekorV2: false, spec: spec)
        }

        // The verification material.
        var material: JSONObject = ["tlogEntries": [JSONNode(.object(entry))]]
        if let leaf {
            let chain = spec.chainForm ?? (spec.mediaType == .v01 || spec.mediaType == .v02)
            if chain {
                let certificates: [JSONNode] = ([leaf] + spec.extraChainCertificates).map { certificate in
                    let object: JSONObject = ["rawBytes": .init(.string(Base64.encode(certificate.der)))]
                    return JSONNode(.object(object))
                }
                material["x509CertificateChain"] = ["certificates": .init(.array(certificates))]
            } else {
                material["certificate"] = ["rawBytes": .init(.string(Base64.encode(leaf.der)))]
            }
        } else {
            material["publicKey"] = ["hint": .init(.string(key.publicKey.keyID.hex))]
        }
        if spec.timestamps > 0 {
            let authority = spec.timestampAuthority ?? (tsaKey, tsaCertificate, [tsaRoot])
            let signer = TimestampAuthoritySigner(
                certificate: authority.certificate, key: authority.key, chain: authority.chain,
                policyOID: Self.tsaPolicy)
            var tokens: [JSONNode] = []
            for index in 0..<spec.timestamps {
                let token = try signer.timestamp(
                    signature, at: VerificationTime(secondsSinceEpoch: signingTime.secondsSinceEpoch + 1),
                    nonce: UInt64(1000 + index))
                tokens.append(["signedTimestamp": .init(.string(Base64.encode(token)))])
            }
            material["timestampVerificationData"] = ["rfc3161Timestamps": .init(.array(tokens))]
        }
        let json: JSONNode = [
            "mediaType": .init(.string(spec.mediaType.rawValue)),
            "verificationMaterial": JSONNode(.object(material)),
            content.0: content.1,
        ]
        return VirtualBundle(json: json, artifact: artifact, signature: signature, leaf: leaf, signingKey: key)
    }

    /// A Fulcio-style signing certificate with an embedded SCT.
    func signingCertificate(
        for key: PrivateKey, at time: VerificationTime, spec: VirtualBundleSpec
    ) throws
        -> Certificate
    {
        let notBefore =
            spec.certificateValidity?.notBefore ?? VerificationTime(secondsSinceEpoch: time.secondsSinceEpoch - 1)
        let notAfter =
            spec.certificateValidity?.notAfter ?? VerificationTime(secondsSinceEpoch: notBefore.secondsSinceEpoch + 600)
        var builder = CertificateBuilder(
            subject: [], serialNumber: Array(Digest.of(key.publicKey.spkiDER, using: .sha256).bytes.prefix(16)),
            publicKey: key.publicKey, notBefore: notBefore, notAfter: notAfter)
        var extensions: [CertificateExtension] = [.keyUsage([.digitalSignature])]
        if spec.codeSigningEKU { extensions.append(try .extendedKeyUsage([OID.codeSigning])) }
        if !spec.subjectAlternativeNames.isEmpty {
            extensions.append(try .subjectAlternativeNames(spec.subjectAlternativeNames, critical: true))
        }
        if let issuer = spec.issuerV1 { extensions.append(.rawString(oid: "1.3.6.1.4.1.57264.1.1", issuer)) }
        if let issuer = spec.issuerV2 { extensions.append(.utf8String(oid: "1.3.6.1.4.1.57264.1.8", issuer)) }
        extensions += spec.extraExtensions
        builder.extensions = extensions
        let issuerKey = spec.issuingCA?.key ?? fulcioKey
        let issuer = spec.issuingCA?.certificate ?? fulcioIntermediate
        guard spec.sctCount > 0 else { return try builder.signed(by: issuerKey, issuer: issuer) }
        let precertificate = try builder.signed(by: issuerKey, issuer: issuer)
        let tbs = try precertificate.precertificateTBS()
        let issuerKeyHash = Digest.of(try issuer.subjectPublicKeyInfoDER, using: .sha256).bytes
        let logKey = spec.sctKey ?? ctKey
        var timestamps: [SignedCertificateTimestamp] = []
        for _ in 0..<spec.sctCount {
            var sct = SignedCertificateTimestamp(
                logID: logKey.publicKey.keyID.bytes,
                timestampMilliseconds: UInt64(notBefore.secondsSinceEpoch) * 1000 + 250,
                signature: [])
            sct.signature = try logKey.signature(
                for: sct.signedData(precertificateTBS: tbs, issuerKeyHash: issuerKeyHash),
                using: .ecdsa(.sha256, encoding: .der))
            if spec.corruptSCT { sct.signature[sct.signature.count - 1] ^= 0x01 }
            timestamps.append(sct)
        }
        builder.extensions.append(
            CertificateExtension(
                oid: Certificate.signedCertificateTimestampListOID, critical: false,
                value: SignedCertificateTimestamp.listExtensionValue(timestamps)))
        return try builder.signed(by: issuerKey, issuer: issuer)
    }

    /// A `TransparencyLogEntry` for `body`, with an inclusion proof in a made-up tree and a checkpoint the log
    /// signs, and (Rekor v1) a signed entry timestamp.
    func logEntry(
        body: [UInt8], kind: String, version: String, logID: [UInt8], logIndex: UInt64, integratedTime: Int64?,
        promise: Bool, proof: Bool, rekorV2: Bool, spec: VirtualBundleSpec
    ) throws -> JSONObject {
        var entry: JSONObject = [
            "logIndex": .init(.string(String(logIndex))),
            "logId": ["keyId": .init(.string(Base64.encode(logID)))],
            "kindVersion": ["kind": .init(.string(kind)), "version": .init(.string(version))],
            "canonicalizedBody": .init(.string(Base64.encode(body))),
        ]
        if let integratedTime { entry["integratedTime"] = .init(.string(String(integratedTime))) }
        if promise, let integratedTime {
            let payload: JSONNode = [
                "body": .init(.string(Base64.encode(body))),
                "integratedTime": .init(.number(JSONNumber(Double(integratedTime)))),
                "logID": .init(.string(Hex.encode(logID))),
                "logIndex": .init(.number(JSONNumber(Double(logIndex)))),
            ]
            let set = try rekorKey.signature(for: JCS.canonicalBytes(payload), using: .ecdsa(.sha256, encoding: .der))
            entry["inclusionPromise"] = ["signedEntryTimestamp": .init(.string(Base64.encode(set)))]
        }
        if proof {
            let (hashes, root) = Self.inclusionProof(
                leaf: MerkleTree.leafHash(body), index: spec.leafIndex, size: spec.treeSize)
            let checkpoint = try self.checkpoint(size: spec.treeSize, root: root, rekorV2: rekorV2, spec: spec)
            entry["inclusionProof"] = [
                "logIndex": .init(.string(String(spec.leafIndex))),
                "rootHash": .init(.string(Base64.encode(root))),
                "treeSize": .init(.string(String(spec.treeSize))),
                "hashes": .init(.array(hashes.map { .init(.string(Base64.encode($0))) })),
                "checkpoint": ["envelope": .init(.string(checkpoint))],
            ]
        }
        return entry
    }

    /// Sibling hashes for a leaf at `index` in a tree of `size` leaves, and the root they lead to. The other leaves
    /// are made up; only the path matters.
    static func inclusionProof(leaf: [UInt8], index: UInt64, size: UInt64) -> ([[UInt8]], [UInt8]) {
        let count = MerkleTree.expectedProofLength(index: index, size: size)
        let hashes = (0..<count).map {
            Digest.of(Array("sibling \($0) of \(index)/\(size)".utf8), using: .sha256).bytes
        }
        guard case .success(let root) = MerkleTree.root(index: index, size: size, leafHash: leaf, proof: hashes) else {
            preconditionFailure("a made-up proof must have the right shape")
        }
        return (hashes, root)
    }

    /// A signed checkpoint of the Rekor v1 (ECDSA) or v2 (Ed25519) log.
    func checkpoint(
        size: UInt64, root: [UInt8], rekorV2: Bool, spec: VirtualBundleSpec, origin: String? = nil
    ) throws -> String {
        let name = rekorV2 ? "log2026-1.rekor.vouch.test" : "rekor.vouch.test"
        let text =
            rekorV2
            ? "\(origin ?? name)\n\(size)\n\(Base64.encode(root))\n"
            : "\(origin ?? "\(name) - 8675309")\n\(size)\n\(Base64.encode(root))\nTimestamp: 1772366400000000000\n"
        let key = rekorV2 ? rekorV2Key : rekorKey
        let instance = TrustedRootBuilder.log(
            key: key.publicKey, url: rekorV2 ? Self.rekorV2URL : Self.rekorURL, validFor: .unbounded)
        let signature = try key.signature(
            for: Array(text.utf8), using: rekorV2 ? .ed25519 : .ecdsa(.sha256, encoding: .der))
        let own = "\u{2014} \(name) \(Base64.encode(instance.checkpointKeyHint! + signature))"
        let lines =
            spec.extraCheckpointLinesFirst ? spec.extraCheckpointLines + [own] : [own] + spec.extraCheckpointLines
        return text + "\n" + lines.map { $0 + "\n" }.joined()
    }
}
