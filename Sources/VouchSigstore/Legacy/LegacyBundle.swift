import VouchCore
import VouchCrypto
import VouchJSON

/// A legacy cosign signature converted into the Sigstore bundle it would have been, so that ``SigstoreVerifier``
/// judges it exactly as it judges bundles.
///
/// The conversion follows sigstore-go's mapping of cosign signatures: a v0.1 bundle (whose log entries need an
/// inclusion promise and no proof) with
///
/// ```
/// payload   → messageSignature { signature }     ; the artifact is the payload; no digest hint, so the key's own
///                                                   hash applies (SHA-384 for P-384, as sigstore's default verifier)
/// envelope  → dsseEnvelope, as stored           ; the artifact is the image, which must be its subject
/// certificate → verificationMaterial.certificate (chain annotations are not trust: see TrustedRoot+Intermediates)
/// key       → verificationMaterial.publicKey
/// bundle annotation → tlogEntries[0] { logIndex, logId.keyId (hex → bytes), kindVersion (from the body),
///                                      integratedTime, inclusionPromise, canonicalizedBody }
/// RFC 3161 annotation → timestampVerificationData.rfc3161Timestamps
/// ```
/// The RFC 3161 annotation of an `.att` layer is a timestamp over the whole envelope as stored (`cosign attest`
/// timestamps the signed payload it then stores as the layer; `cosign verify-attestation` checks it against the layer
/// because the signature annotation is empty), not over the envelope's signature bytes, which is what a bundle's
/// timestamps cover: ``timestampedMessage`` is that envelope, to be handed to ``SigstoreVerifier``. An intoto 0.0.1
/// log entry also records the digest of the envelope it was given; that digest must be the stored envelope's
/// (`sigstore.tlog.entry-mismatch` otherwise).
/// Findings the verifier reports against the converted bundle are moved back to the layer with ``relocate(_:)``.
public struct LegacyBundle: Sendable {
    public let bundle: UnverifiedBundle
    public let signature: LegacySignature
    /// The name the converted document carries in findings before they are relocated.
    public let input: String
    /// What the layer's RFC 3161 timestamps cover when it is not the signature: an `.att` layer's stored envelope
    /// (pass it to ``SigstoreVerifier/verify(_:artifact:policy:unsafe:timestampedMessage:)``); `nil` for payload
    /// signatures, whose timestamps cover the signature bytes as a bundle's do.
    public let timestampedMessage: [UInt8]?

    /// Converts a legacy signature.
    ///
    /// - Throws: an envelope that is not JSON or not a DSSE envelope, or a part the bundle format refuses, located
    ///   at the layer.
    public init(converting signature: LegacySignature, limits: Limits = .default) throws(FindingError) {
        self.signature = signature
        let input = "\(signature.sources.content.input) (as a Sigstore bundle)"
        self.input = input
        var material: JSONObject = [:]
        switch signature.material {
        case .key:
            material["publicKey"] = ["hint": ""]
        case .certificate(let certificate):
            material["certificate"] = ["rawBytes": .init(.string(Base64.encode(certificate.der)))]
        }
        if let entry = signature.logEntry {
            material["tlogEntries"] = [Self.entryJSON(entry)]
        }
        let timestamps = signature.timestamps
        if case .envelope(let bytes) = signature.content {
            timestampedMessage = bytes
            if let entry = signature.logEntry {
                try Self.checkEnvelopeDigest(bytes, entry: entry, sources: signature.sources)
            }
        } else {
            timestampedMessage = nil
        }
        if !timestamps.isEmpty {
            material["timestampVerificationData"] = [
                "rfc3161Timestamps": .init(
                    .array(timestamps.map { ["signedTimestamp": .init(.string(Base64.encode($0)))] }))
            ]
        }
        var document: JSONObject = [
            "mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1",
            "verificationMaterial": .init(.object(material)),
        ]
        switch signature.content {
        case .payload:
            document["messageSignature"] = ["signature": .init(.string(Base64.encode(signature.signature)))]
        case .envelope(let bytes):
            // Parse findings name the stored envelope directly, with line and column.
            document["dsseEnvelope"] =
                try JSONDocument.parse(bytes, input: signature.sources.content.input, limits: limits).root
        }
        do {
            bundle = try UnverifiedBundle.parse(
                JCS.canonicalBytes(JSONNode(.object(document))), input: input, limits: limits)
        } catch {
            throw FindingError(Self.relocate(error.findings, input: input, sources: signature.sources))
        }
    }

    /// The findings of a verification of ``bundle``, located at the parts of the layer they are about.
    public func relocate(_ findings: [Finding]) -> [Finding] {
        Self.relocate(findings, input: input, sources: signature.sources)
    }

    // MARK: Conversion

    /// An intoto 0.0.1 entry records the SHA-256 of the envelope as submitted; cosign submitted the stored layer.
    private static func checkEnvelopeDigest(
        _ envelope: [UInt8], entry: LegacyLogEntry, sources: LegacySignature.Sources
    ) throws(FindingError) {
        guard let body = try? JSONDocument.parse(entry.body, input: "body").cursor,
            (try? body.optional("kind")?.string()) == "intoto",
            (try? body.optional("apiVersion")?.string()) == "0.0.1",
            let hash = try? body.optional("spec")?.optional("content")?.optional("hash"),
            let algorithm = try? hash.required("algorithm").string(),
            let value = try? hash.required("value").string(),
            let recorded = try? Digest(parsing: "\(algorithm):\(value.lowercased())")
        else { return }
        let actual = Digest.of(envelope, using: recorded.algorithm)
        guard actual != recorded else { return }
        throw FindingError([
            Finding(
                .sigstoreTlogEntryMismatch, "the intoto log entry records a different envelope than the stored one",
                at: sources.logEntry, details: ["expected": recorded.description, "actual": actual.description])
        ])
    }

    private static func entryJSON(_ entry: LegacyLogEntry) -> JSONNode {
        // The kind and version come from the body itself; a body that is not JSON is judged by the verifier.
        var kind = "unknown"
        var version = "unknown"
        if let body = try? JSONDocument.parse(entry.body, input: "body").cursor {
            kind = (try? body.optional("kind")?.string()) ?? kind
            version = (try? body.optional("apiVersion")?.string()) ?? version
        }
        return [
            "logIndex": .init(.string(String(entry.logIndex))),
            "logId": ["keyId": .init(.string(Base64.encode(entry.logID)))],
            "kindVersion": ["kind": .init(.string(kind)), "version": .init(.string(version))],
            "integratedTime": .init(.string(String(entry.integratedTime))),
            "inclusionPromise": ["signedEntryTimestamp": .init(.string(Base64.encode(entry.signedEntryTimestamp)))],
            "canonicalizedBody": .init(.string(Base64.encode(entry.body))),
        ]
    }

    // MARK: Relocation

    /// Where each part of the converted bundle came from, most specific first.
    private static func places(_ sources: LegacySignature.Sources) -> [(JSONPointer, SourceLocation, Bool)] {
        [
            (["verificationMaterial", "tlogEntries"], sources.logEntry, false),
            (["verificationMaterial", "timestampVerificationData"], sources.timestamp, false),
            (["verificationMaterial", "publicKey"], sources.signature, false),
            (["verificationMaterial"], sources.certificate, false),
            (["messageSignature", "signature"], sources.signature, false),
            (["messageSignature"], sources.content, false),
            // The envelope is the stored document itself: pointers inside it carry over.
            (["dsseEnvelope"], sources.content, true),
            (.root, sources.content, false),
        ]
    }

    static func relocate(_ findings: [Finding], input: String, sources: LegacySignature.Sources) -> [Finding] {
        findings.map { finding in
            let pointer: JSONPointer
            if finding.location.input == input {
                pointer = finding.location.pointer ?? .root
            } else if finding.location.input.hasPrefix(input + "#"),
                let inner = try? JSONPointer(parsing: String(finding.location.input.dropFirst(input.count + 1)))
            {
                // A document nested in the bundle (the DSSE payload) names its place in the input.
                pointer = inner
            } else {
                return finding
            }
            for (prefix, target, carriesPointer) in places(sources)
            where pointer.tokens.starts(with: prefix.tokens) {
                var moved = moved(finding, to: target)
                if carriesPointer {
                    let rest = pointer.tokens.dropFirst(prefix.tokens.count)
                    moved.location.pointer = JSONPointer(tokens: (target.pointer ?? .root).tokens + rest)
                }
                return moved
            }
            return finding
        }
    }

    private static func moved(_ finding: Finding, to location: SourceLocation) -> Finding {
        var moved = finding
        moved.location = location
        return moved
    }
}
