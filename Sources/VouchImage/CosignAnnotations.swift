import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// The annotations cosign puts on a signature or attestation layer, decoded into a ``LegacySignature``:
///
/// ```
/// dev.cosignproject.cosign/signature     base64 signature over the payload (empty for attestations)
/// dev.sigstore.cosign/certificate        PEM signing certificate
/// dev.sigstore.cosign/chain              PEM intermediates (and root), used only to reach the trusted root
/// dev.sigstore.cosign/bundle             {"SignedEntryTimestamp": b64, "Payload": {"body": b64,
///                                          "integratedTime": int, "logIndex": int, "logID": hex}}
/// dev.sigstore.cosign/rfc3161timestamp   {"SignedRFC3161Timestamp": b64 DER TimeStampResp}
/// ```
/// Base64 values may be wrapped in lines, which Go's decoder (and so cosign) ignores. Each problem is reported at
/// the annotation it is about.
struct CosignAnnotations {
    static let signature = "dev.cosignproject.cosign/signature"
    static let certificate = "dev.sigstore.cosign/certificate"
    static let chain = "dev.sigstore.cosign/chain"
    static let bundle = "dev.sigstore.cosign/bundle"
    static let timestamp = "dev.sigstore.cosign/rfc3161timestamp"

    let values: [String: String]
    /// Where the annotations are: `/layers/N/annotations` in a manifest, `/annotations` in a signature file.
    let base: SourceLocation

    func location(_ key: String) -> SourceLocation {
        SourceLocation(input: base.input, pointer: (base.pointer ?? .root) / key)
    }

    /// The decoded signature, certificate, chain, log entry and timestamps, or every problem found.
    ///
    /// - Parameter attestation: an attestation layer's signature lives in its envelope; the annotation is empty.
    func decode(
        content: LegacySignature.Content, contentLocation: SourceLocation, attestation: Bool
    ) -> Result<(LegacySignature, chain: [Certificate]), FindingError> {
        var findings: [Finding] = []
        var signature: [UInt8] = []
        if !attestation {
            if let text = values[Self.signature] {
                if let bytes = Self.base64(text), !bytes.isEmpty {
                    signature = bytes
                } else {
                    findings.append(
                        Finding(
                            .imageSignatureBase64Invalid, "the signature annotation is not base64",
                            at: location(Self.signature),
                            details: ["length": String(text.utf8.count)]))
                }
            } else {
                findings.append(
                    Finding(
                        .imageSignatureAnnotationMissing, "the layer has no \(Self.signature) annotation",
                        at: base, details: ["annotation": Self.signature]))
            }
        }
        var material = LegacySignature.Material.key
        var chain: [Certificate] = []
        if let pem = values[Self.certificate], !pem.isEmpty {
            if let leaf = (try? Certificate.parsePEMChain(pem, input: location(Self.certificate).description))?.first {
                material = .certificate(leaf)
            } else {
                findings.append(
                    Finding(
                        .imageSignatureCertificateInvalid, "the certificate annotation is not a PEM certificate",
                        at: location(Self.certificate)))
            }
        }
        if let pem = values[Self.chain], !pem.isEmpty {
            do {
                chain = try Certificate.parsePEMChain(pem, input: location(Self.chain).description)
            } catch {
                findings.append(
                    Finding(
                        .imageSignatureCertificateInvalid, "the chain annotation is not PEM certificates",
                        at: location(Self.chain)))
            }
        }
        var entry: LegacyLogEntry? = nil
        if let text = values[Self.bundle], !text.isEmpty {
            switch Self.logEntry(text, at: location(Self.bundle)) {
            case .success(let decoded): entry = decoded
            case .failure(let error): findings += error.findings
            }
        }
        var timestamps: [[UInt8]] = []
        if let text = values[Self.timestamp], !text.isEmpty {
            switch Self.timestampResponse(text, at: location(Self.timestamp)) {
            case .success(let der): timestamps = [der]
            case .failure(let error): findings += error.findings
            }
        }
        guard findings.isEmpty else { return .failure(FindingError(findings)) }
        let sources = LegacySignature.Sources(
            content: contentLocation, signature: location(Self.signature), certificate: location(Self.certificate),
            logEntry: location(Self.bundle), timestamp: location(Self.timestamp))
        return .success(
            (
                LegacySignature(
                    content: content, signature: signature, material: material, logEntry: entry,
                    timestamps: timestamps, sources: sources), chain
            ))
    }

    /// Standard base64 as Go decodes it: line breaks ignored.
    static func base64(_ text: String) -> [UInt8]? {
        // Filtered as bytes: "\r\n" is one Character in Swift.
        let compact = String(decoding: text.utf8.filter { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        return Base64.decode(compact)
    }

    /// The legacy "cosign bundle": Go field names at the top, lowercase ones in `Payload`.
    static func logEntry(_ text: String, at location: SourceLocation) -> Result<LegacyLogEntry, FindingError> {
        func invalid(_ reason: String) -> FindingError {
            FindingError(
                Finding(
                    .imageSignatureBundleInvalid, "the Rekor bundle annotation is not usable: \(reason)", at: location))
        }
        guard let root = try? JSONDocument.parse(Data(text.utf8), input: location.description).cursor,
            let setText = try? root.required("SignedEntryTimestamp").string(),
            let payload = try? root.required("Payload")
        else { return .failure(invalid("expected {SignedEntryTimestamp, Payload}")) }
        guard let set = base64(setText) else { return .failure(invalid("SignedEntryTimestamp is not base64")) }
        guard let bodyText = try? payload.required("body").string(), let body = base64(bodyText) else {
            return .failure(invalid("Payload.body is not base64"))
        }
        guard let integratedTime = try? payload.required("integratedTime").int(),
            let logIndex = try? payload.required("logIndex").int()
        else { return .failure(invalid("Payload.integratedTime and Payload.logIndex must be integers")) }
        guard let logIDText = try? payload.required("logID").string(), let logID = Hex.decode(logIDText.lowercased())
        else { return .failure(invalid("Payload.logID is not hex")) }
        return .success(
            LegacyLogEntry(
                signedEntryTimestamp: set, body: body, integratedTime: integratedTime, logIndex: logIndex, logID: logID)
        )
    }

    /// `{"SignedRFC3161Timestamp": base64}` → the DER response.
    static func timestampResponse(_ text: String, at location: SourceLocation) -> Result<[UInt8], FindingError> {
        guard let root = try? JSONDocument.parse(Data(text.utf8), input: location.description).cursor,
            let value = try? root.required("SignedRFC3161Timestamp").string(), let der = base64(value), !der.isEmpty
        else {
            return .failure(
                FindingError(
                    Finding(
                        .imageSignatureTimestampInvalid,
                        "the RFC 3161 annotation is not {\"SignedRFC3161Timestamp\": base64}", at: location)))
        }
        return .success(der)
    }
}
