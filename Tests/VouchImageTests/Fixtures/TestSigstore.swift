import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// A small Sigstore for image fixtures: a Fulcio-style CA (root and intermediate), a CT log, a Rekor v1 log and a
/// timestamp authority, all with keys made in memory, signing with VouchCrypto. It issues what cosign attaches to
/// an image: signing certificates with an SCT, Rekor entries with signed entry timestamps and inclusion proofs, and
/// RFC 3161 timestamps.
struct TestSigstore: Sendable {
    static let identity = "https://github.com/vouch/app/.github/workflows/release.yml@refs/tags/v1.0.0"
    static let issuer = "https://token.actions.githubusercontent.com"
    static let fulcioURL = "https://fulcio.vouch.test"
    static let rekorURL = "https://rekor.vouch.test"
    static let ctURL = "https://ctfe.vouch.test/2026"
    static let tsaURL = "https://timestamp.vouch.test/api/v1/timestamp"

    /// When everything is signed: midday on 1 March 2026.
    let now: VerificationTime
    let rootKey: PrivateKey
    let root: Certificate
    let caKey: PrivateKey
    let intermediate: Certificate
    let ctKey: PrivateKey
    let rekorKey: PrivateKey
    let tsaRootKey: PrivateKey
    let tsaRoot: Certificate
    let tsaKey: PrivateKey
    let tsaCertificate: Certificate

    init() throws {
        now = try VerificationTime(rfc3339: "2026-03-01T12:00:00Z")
        let start = VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch - 365 * 86_400)
        let end = VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch + 20 * 365 * 86_400)
        func ca(
            _ name: String, key: PrivateKey, by issuerKey: PrivateKey, _ issuer: Certificate?, serial: UInt8
        )
            throws -> Certificate
        {
            var builder = CertificateBuilder(
                subject: [("O", "vouch.test"), ("CN", name)], serialNumber: [serial], publicKey: key.publicKey,
                notBefore: start, notAfter: end)
            builder.extensions = [.basicConstraints(isCA: true), .keyUsage([.keyCertSign, .cRLSign])]
            return try builder.signed(by: issuerKey, issuer: issuer)
        }
        rootKey = try PrivateKey.generate(.ecP256)
        root = try ca("vouch-fulcio-root", key: rootKey, by: rootKey, nil, serial: 1)
        caKey = try PrivateKey.generate(.ecP256)
        intermediate = try ca("vouch-fulcio-intermediate", key: caKey, by: rootKey, root, serial: 2)
        ctKey = try PrivateKey.generate(.ecP256)
        rekorKey = try PrivateKey.generate(.ecP256)
        tsaRootKey = try PrivateKey.generate(.ecP256)
        tsaRoot = try ca("vouch-tsa-root", key: tsaRootKey, by: tsaRootKey, nil, serial: 3)
        tsaKey = try PrivateKey.generate(.ecP256)
        var tsa = CertificateBuilder(
            subject: [("O", "vouch.test"), ("CN", "vouch-tsa")], serialNumber: [4], publicKey: tsaKey.publicKey,
            notBefore: start, notAfter: end)
        tsa.extensions = [.keyUsage([.digitalSignature]), try .extendedKeyUsage(["1.3.6.1.5.5.7.3.8"], critical: true)]
        tsaCertificate = try tsa.signed(by: tsaRootKey, issuer: tsaRoot)
    }

    /// The trusted root of this instance.
    var trustedRoot: TrustedRoot {
        let window = ValidityPeriod(start: VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch - 365 * 86_400))
        var builder = TrustedRootBuilder()
        builder.transparencyLogs = [
            TrustedRootBuilder.log(key: rekorKey.publicKey, url: Self.rekorURL, validFor: window)
        ]
        builder.ctLogs = [TrustedRootBuilder.log(key: ctKey.publicKey, url: Self.ctURL, validFor: window)]
        builder.certificateAuthorities = [
            TrustedRootBuilder.authority(chain: [intermediate, root], uri: Self.fulcioURL, validFor: window)
        ]
        builder.timestampAuthorities = [
            TrustedRootBuilder.authority(chain: [tsaCertificate, tsaRoot], uri: Self.tsaURL, validFor: window)
        ]
        return builder.build()
    }

    /// A Fulcio-style signing certificate for `key`: ten minutes from a second before `time`, code signing, the
    /// identity as URI SAN, the issuer in extension .1.8, one SCT from the CT log.
    func certificate(
        for key: PrivateKey, identity: String = identity, at time: VerificationTime? = nil
    ) throws
        -> Certificate
    {
        let notBefore = VerificationTime(secondsSinceEpoch: (time ?? now).secondsSinceEpoch - 1)
        var builder = CertificateBuilder(
            subject: [], serialNumber: Array(Digest.of(key.publicKey.spkiDER, using: .sha256).bytes.prefix(16)),
            publicKey: key.publicKey, notBefore: notBefore,
            notAfter: VerificationTime(secondsSinceEpoch: notBefore.secondsSinceEpoch + 600))
        builder.extensions = [
            .keyUsage([.digitalSignature]), try .extendedKeyUsage([OID.codeSigning]),
            try .subjectAlternativeNames([.uri(identity)], critical: true),
            .utf8String(oid: "1.3.6.1.4.1.57264.1.8", Self.issuer),
        ]
        let precertificate = try builder.signed(by: caKey, issuer: intermediate)
        var sct = SignedCertificateTimestamp(
            logID: ctKey.publicKey.keyID.bytes,
            timestampMilliseconds: UInt64(notBefore.secondsSinceEpoch) * 1000 + 250, signature: [])
        sct.signature = try ctKey.signature(
            for: sct.signedData(
                precertificateTBS: try precertificate.precertificateTBS(),
                issuerKeyHash: Digest.of(try intermediate.subjectPublicKeyInfoDER, using: .sha256).bytes),
            using: .ecdsa(.sha256, encoding: .der))
        builder.extensions.append(
            CertificateExtension(
                oid: Certificate.signedCertificateTimestampListOID, critical: false,
                value: SignedCertificateTimestamp.listExtensionValue([sct])))
        return try builder.signed(by: caKey, issuer: intermediate)
    }

    /// A hashedrekord 0.0.1 body recording a signature over `artifact` by the PEM `verifier`.
    static func hashedRekordBody(artifact: [UInt8], signature: [UInt8], verifier: String) -> [UInt8] {
        JCS.canonicalBytes([
            "apiVersion": "0.0.1", "kind": "hashedrekord",
            "spec": [
                "data": [
                    "hash": ["algorithm": "sha256", "value": .init(.string(Digest.of(artifact, using: .sha256).hex))]
                ],
                "signature": [
                    "content": .init(.string(Base64.encode(signature))),
                    "publicKey": ["content": .init(.string(Base64.encode(Array(verifier.utf8))))],
                ],
            ],
        ])
    }

    /// A dsse 0.0.1 body recording an envelope's payload and signature by the PEM `verifier`.
    static func dsseBody(payload: [UInt8], signature: [UInt8], verifier: String) -> [UInt8] {
        JCS.canonicalBytes([
            "apiVersion": "0.0.1", "kind": "dsse",
            "spec": [
                "envelopeHash": ["algorithm": "sha256", "value": .init(.string(String(repeating: "0", count: 64)))],
                "payloadHash": [
                    "algorithm": "sha256", "value": .init(.string(Digest.of(payload, using: .sha256).hex)),
                ],
                "signatures": [
                    [
                        "signature": .init(.string(Base64.encode(signature))),
                        "verifier": .init(.string(Base64.encode(Array(verifier.utf8)))),
                    ]
                ],
            ],
        ])
    }

    /// The log's entry for `body`, with its signed entry timestamp (legacy form).
    func logEntry(body: [UInt8], index: Int64 = 4_200_000, at time: VerificationTime? = nil) throws -> LegacyLogEntry {
        let integrated = (time ?? now).secondsSinceEpoch + 2
        let logID = rekorKey.publicKey.keyID.bytes
        let promised: JSONNode = [
            "body": .init(.string(Base64.encode(body))),
            "integratedTime": .init(.number(JSONNumber(Double(integrated)))),
            "logID": .init(.string(Hex.encode(logID))), "logIndex": .init(.number(JSONNumber(Double(index)))),
        ]
        let set = try rekorKey.signature(for: JCS.canonicalBytes(promised), using: .ecdsa(.sha256, encoding: .der))
        return LegacyLogEntry(
            signedEntryTimestamp: set, body: body, integratedTime: integrated, logIndex: index, logID: logID)
    }

    /// The legacy "cosign bundle" annotation for an entry.
    static func bundleAnnotation(_ entry: LegacyLogEntry) -> String {
        JCS.canonicalString([
            "SignedEntryTimestamp": .init(.string(Base64.encode(entry.signedEntryTimestamp))),
            "Payload": [
                "body": .init(.string(Base64.encode(entry.body))),
                "integratedTime": .init(.number(JSONNumber(Double(entry.integratedTime)))),
                "logIndex": .init(.number(JSONNumber(Double(entry.logIndex)))),
                "logID": .init(.string(Hex.encode(entry.logID))),
            ],
        ])
    }

    /// A `TransparencyLogEntry` of a v0.3 bundle: promise, and an inclusion proof in a made-up tree with a
    /// checkpoint the log signs.
    func bundleEntry(body: [UInt8], kind: String, version: String) throws -> JSONNode {
        let legacy = try logEntry(body: body)
        let leafIndex: UInt64 = 1_234
        let size: UInt64 = 5_000
        let count = MerkleTree.expectedProofLength(index: leafIndex, size: size)
        let hashes = (0..<count).map { Digest.of(Array("sibling \($0)".utf8), using: .sha256).bytes }
        guard
            case .success(let rootHash) = MerkleTree.root(
                index: leafIndex, size: size, leafHash: MerkleTree.leafHash(body), proof: hashes)
        else { preconditionFailure("a made-up proof must have the right shape") }
        let log = TrustedRootBuilder.log(key: rekorKey.publicKey, url: Self.rekorURL, validFor: .unbounded)
        let note = "\(log.keyName) - 8675309\n\(size)\n\(Base64.encode(rootHash))\n"
        let noteSignature = try rekorKey.signature(for: Array(note.utf8), using: .ecdsa(.sha256, encoding: .der))
        let checkpoint = note + "\n\u{2014} \(log.keyName) \(Base64.encode(log.checkpointKeyHint! + noteSignature))\n"
        return [
            "logIndex": .init(.string(String(legacy.logIndex))),
            "logId": ["keyId": .init(.string(Base64.encode(legacy.logID)))],
            "kindVersion": ["kind": .init(.string(kind)), "version": .init(.string(version))],
            "integratedTime": .init(.string(String(legacy.integratedTime))),
            "inclusionPromise": ["signedEntryTimestamp": .init(.string(Base64.encode(legacy.signedEntryTimestamp)))],
            "inclusionProof": [
                "logIndex": .init(.string(String(leafIndex))), "rootHash": .init(.string(Base64.encode(rootHash))),
                "treeSize": .init(.string(String(size))),
                "hashes": .init(.array(hashes.map { .init(.string(Base64.encode($0))) })),
                "checkpoint": ["envelope": .init(.string(checkpoint))],
            ],
            "canonicalizedBody": .init(.string(Base64.encode(body))),
        ]
    }

    /// An RFC 3161 timestamp over `signature`, a second after signing.
    func timestamp(_ signature: [UInt8]) throws -> [UInt8] {
        try TimestampAuthoritySigner(
            certificate: tsaCertificate, key: tsaKey, chain: [tsaRoot], policyOID: "1.3.6.1.4.1.57264.2"
        ).timestamp(signature, at: VerificationTime(secondsSinceEpoch: now.secondsSinceEpoch + 1), nonce: 7)
    }
}
