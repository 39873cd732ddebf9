import VouchCore
import VouchCrypto
import VouchJSON

/// What a log entry's canonicalized body records, normalised across the entry kinds Vouch binds to bundles:
///
/// ```
/// hashedrekord 0.0.1: spec.data.hash{algorithm, value(hex)}, spec.signature{content, publicKey.content(b64 PEM)}
/// hashedrekord 0.0.2: spec.hashedRekordV002{data{algorithm, digest}, signature{content, verifier}}
/// dsse 0.0.1:         spec.payloadHash{algorithm, value(hex)}, spec.signatures[{signature, verifier(b64 PEM)}]
/// dsse 0.0.2:         spec.dsseV002{payloadHash{algorithm, digest}, signatures[{content, verifier}]}
/// intoto 0.0.1:       spec.content{hash{algorithm, value}, payloadHash{algorithm, value}}, spec.publicKey(b64 PEM)
///                     (the envelope's signatures are not recorded: the one verifier is bound instead)
/// intoto 0.0.2:       spec.content{payloadHash{algorithm, value}, envelope{payloadType, payload?,
///                                   signatures[{sig(b64 of b64), publicKey(b64 PEM)}]}}
/// verifier (0.0.2)  = { "x509Certificate": { "rawBytes": bytes } | "publicKey": { "rawBytes": bytes },
///                       "keyDetails": string }
/// ```
/// The envelope hashes of dsse and intoto entries depend on how the log serialised the envelope and are not
/// compared; the payload hash, signatures and verifiers are.
struct RekorEntryBody: Sendable {
    /// Who the log says signed: a certificate (DER) or a public key (SubjectPublicKeyInfo DER).
    enum Signer: Sendable, Equatable {
        case certificate([UInt8])
        case publicKey([UInt8])
    }

    struct Signature: Sendable {
        var bytes: [UInt8]
        var signer: Signer?
    }

    enum Kind: Sendable, Equatable {
        case hashedRekord
        case dsse
        case intoto
    }

    var kind: Kind
    /// hashedrekord: the artifact digest the log recorded.
    var artifactDigest: Digest?
    /// dsse and intoto: the payload digest.
    var payloadDigest: Digest?
    /// intoto: the payload, when the log kept it.
    var payload: [UInt8]?
    var signatures: [Signature]
    /// intoto 0.0.1: the one certificate or key the entry records, for an entry that records no signatures.
    var entrySigner: Signer? = nil
    /// intoto 0.0.1: the digest of the envelope as submitted to the log.
    var envelopeDigest: Digest? = nil

    /// Whether the entry records the signatures themselves (every kind but intoto 0.0.1).
    var recordsSignatures: Bool { entrySigner == nil }

    /// Whether Vouch knows how to bind entries of this kind and version.
    static func isSupported(kind: String, version: String) -> Bool {
        switch (kind, version) {
        case ("hashedrekord", "0.0.1"), ("hashedrekord", "0.0.2"), ("dsse", "0.0.1"), ("dsse", "0.0.2"),
            ("intoto", "0.0.1"), ("intoto", "0.0.2"):
            true
        default: false
        }
    }

    /// Parses a canonicalized body that claims `kind` and `version`.
    ///
    /// - Throws: `sigstore.tlog.body-malformed` located at the entry's `canonicalizedBody`.
    static func parse(
        _ body: [UInt8], kind: String, version: String, at location: JSONCursor
    ) throws(FindingError) -> RekorEntryBody {
        do throws(FindingError) {
            let root = try JSONDocument.parse(body, input: "\(location.input)#\(location.pointer)").cursor
            let claimedKind = try root.required("kind").string()
            let claimedVersion = try root.required("apiVersion").string()
            guard claimedKind == kind, claimedVersion == version else {
                throw malformed(
                    location, "the body is a \(claimedKind) \(claimedVersion) entry, not \(kind) \(version)")
            }
            let spec = try root.required("spec")
            switch (kind, version) {
            case ("hashedrekord", "0.0.1"):
                let signature = try spec.required("signature")
                return RekorEntryBody(
                    kind: .hashedRekord,
                    artifactDigest: try hexDigest(try spec.required("data").required("hash"), location),
                    signatures: [
                        Signature(
                            bytes: try bytes(try signature.required("content"), location),
                            signer: try pemSigner(try signature.optional("publicKey")?.optional("content"), location))
                    ])
            case ("hashedrekord", "0.0.2"):
                let entry = try spec.required("hashedRekordV002")
                return RekorEntryBody(
                    kind: .hashedRekord, artifactDigest: try protoDigest(try entry.required("data"), location),
                    signatures: [try protoSignature(try entry.required("signature"), location)])
            case ("dsse", "0.0.1"):
                var signatures: [Signature] = []
                for item in try spec.optional("signatures")?.array() ?? [] {
                    signatures.append(
                        Signature(
                            bytes: try bytes(try item.required("signature"), location),
                            signer: try pemSigner(try item.optional("verifier"), location)))
                }
                return RekorEntryBody(
                    kind: .dsse, payloadDigest: try hexDigest(try spec.required("payloadHash"), location),
                    signatures: signatures)
            case ("dsse", "0.0.2"):
                let entry = try spec.required("dsseV002")
                var signatures: [Signature] = []
                for item in try entry.optional("signatures")?.array() ?? [] {
                    signatures.append(try protoSignature(item, location))
                }
                return RekorEntryBody(
                    kind: .dsse, payloadDigest: try protoDigest(try entry.required("payloadHash"), location),
                    signatures: signatures)
            case ("intoto", "0.0.1"):
                let content = try spec.required("content")
                guard let signer = try pemSigner(try spec.optional("publicKey"), location) else {
                    throw malformed(location, "the intoto 0.0.1 entry records no public key")
                }
                return RekorEntryBody(
                    kind: .intoto, payloadDigest: try hexDigest(try content.required("payloadHash"), location),
                    signatures: [], entrySigner: signer,
                    envelopeDigest: try content.optional("hash").map { cursor throws(FindingError) in
                        try hexDigest(cursor, location)
                    })
            case ("intoto", "0.0.2"):
                let content = try spec.required("content")
                let envelope = try content.required("envelope")
                var signatures: [Signature] = []
                for item in try envelope.optional("signatures")?.array() ?? [] {
                    // Rekor stores the signature base64-encoded inside a base64 field; a value that is not base64
                    // inside is kept as it is, and then simply does not match the bundle's signature.
                    let outer = try bytes(try item.required("sig"), location)
                    let signature = Base64.decode(String(decoding: outer, as: UTF8.self)) ?? outer
                    signatures.append(
                        Signature(bytes: signature, signer: try pemSigner(try item.optional("publicKey"), location)))
                }
                var payload: [UInt8]? = nil
                if let stored = try envelope.optional("payload") {
                    let inner = String(decoding: try bytes(stored, location), as: UTF8.self)
                    payload = Base64.decode(inner)
                }
                return RekorEntryBody(
                    kind: .intoto, payloadDigest: try hexDigest(try content.required("payloadHash"), location),
                    payload: payload, signatures: signatures)
            default:
                throw location.error(
                    .sigstoreTlogKindUnsupported, "\(kind) \(version) entries are not supported",
                    details: ["kind": kind, "version": version])
            }
        } catch {
            if error.code == .sigstoreTlogBodyMalformed || error.code == .sigstoreTlogKindUnsupported { throw error }
            throw malformed(location, "the canonicalized body cannot be read: \(error.findings[0].message)")
        }
    }

    private static func malformed(_ location: JSONCursor, _ message: String) -> FindingError {
        location.error(.sigstoreTlogBodyMalformed, message)
    }

    private static func bytes(_ cursor: JSONCursor, _ location: JSONCursor) throws(FindingError) -> [UInt8] {
        guard let decoded = Base64.decode(try cursor.string()) else {
            throw malformed(location, "\(cursor.pointer) is not base64")
        }
        return decoded
    }

    /// `{ "algorithm": "sha256", "value": "<hex>" }`.
    private static func hexDigest(_ cursor: JSONCursor, _ location: JSONCursor) throws(FindingError) -> Digest {
        let algorithm = try cursor.required("algorithm").string()
        let value = try cursor.required("value").string()
        do {
            return try Digest(parsing: "\(algorithm):\(value.lowercased())")
        } catch {
            throw malformed(location, "the recorded hash '\(algorithm):\(value)' is not a digest Vouch reads")
        }
    }

    /// `{ "algorithm": "SHA2_256", "digest": "<base64>" }`.
    private static func protoDigest(_ cursor: JSONCursor, _ location: JSONCursor) throws(FindingError) -> Digest {
        let name = try cursor.required("algorithm").string()
        let digest = try bytes(try cursor.required("digest"), location)
        guard let algorithm = SigstoreAlgorithms.digestAlgorithm(protoName: name), digest.count == algorithm.byteCount
        else { throw malformed(location, "the recorded digest (\(name), \(digest.count) bytes) is not usable") }
        return Digest(algorithm: algorithm, bytes: digest)
    }

    /// A 0.0.2 `Signature { content, verifier }`.
    private static func protoSignature(_ cursor: JSONCursor, _ location: JSONCursor) throws(FindingError) -> Signature {
        var signer: Signer? = nil
        if let verifier = try cursor.optional("verifier") {
            if let certificate = try verifier.optional("x509Certificate") {
                signer = .certificate(try bytes(try certificate.required("rawBytes"), location))
            } else if let key = try verifier.optional("publicKey") {
                signer = .publicKey(try bytes(try key.required("rawBytes"), location))
            }
        }
        return Signature(bytes: try bytes(try cursor.required("content"), location), signer: signer)
    }

    /// A base64 field holding a PEM certificate or public key. Only the DER is compared with the bundle, so the
    /// PEM is unwrapped without decoding the certificate or key.
    private static func pemSigner(_ cursor: JSONCursor?, _ location: JSONCursor) throws(FindingError) -> Signer? {
        guard let cursor else { return nil }
        let text = String(decoding: try bytes(cursor, location), as: UTF8.self)
        if let der = PEMBlock.der(in: text, label: "CERTIFICATE") { return .certificate(der) }
        if let der = PEMBlock.der(in: text, label: "PUBLIC KEY") { return .publicKey(der) }
        throw malformed(location, "the logged verifier is neither a PEM certificate nor a PEM public key")
    }
}
