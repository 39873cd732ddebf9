import Foundation
import VouchCore
import VouchCrypto
import VouchOCI
import VouchSigstore

/// An attached signature read into the form the Sigstore verifier judges: a converted legacy signature or a bundle.
struct SignatureEvidence: Sendable {
    /// The bundle the verifier judges.
    let bundle: UnverifiedBundle
    /// For a converted legacy signature: the conversion, to relocate findings to the layer.
    let legacy: LegacyBundle?
    /// Intermediates a legacy layer carried in its chain annotation.
    let chain: [Certificate]
    /// A legacy signature's payload and where it is.
    let payload: (bytes: [UInt8], location: SourceLocation)?
    /// How reports name the format.
    let format: String

    /// Reads `candidate`: the payload blob (checked against its descriptor), the annotations, or the bundle.
    static func read(
        _ candidate: AttachedSignature, from store: some ImageStore, limits: Limits
    ) async
        -> Result<SignatureEvidence, FindingError>
    {
        let attestation = candidate.kind == .attestation
        switch candidate.content {
        case .unreadable(let findings):
            return .failure(
                FindingError(
                    findings.isEmpty
                        ? [Finding(.inputUnreadable, "the signature cannot be read", at: candidate.location)]
                        : findings))
        case .bundle(let bundle, _):
            return .success(
                SignatureEvidence(
                    bundle: bundle, legacy: nil, chain: [], payload: nil, format: "cosign v3 (Sigstore bundle)"))
        case .file(let file):
            let annotations = CosignAnnotations(
                values: file.annotations, base: SourceLocation(input: file.input, pointer: ["annotations"]))
            return convert(
                annotations, payload: file.payload, at: SourceLocation(input: file.input, pointer: ["payload"]),
                attestation: attestation, format: "containers/image sigstore signature", limits: limits)
        case .layer(let descriptor, _):
            let payload: Data
            do {
                payload = try await store.blob(descriptor, of: candidate.attachment, at: candidate.location)
            } catch {
                return .failure(FindingError(error.findings.map(payloadFinding)))
            }
            let annotations = CosignAnnotations(
                values: descriptor.annotations,
                base: SourceLocation(
                    input: candidate.location.input, pointer: (candidate.location.pointer ?? .root) / "annotations"))
            return convert(
                annotations, payload: Array(payload),
                at: SourceLocation(input: candidate.attachment.input(for: descriptor.digest, in: store)),
                attestation: attestation,
                format: attestation ? "cosign attestation (DSSE layer)" : "cosign (simple signing)", limits: limits)
        }
    }

    /// The same legacy signature with its certificate set aside, to be checked as a signature by the
    /// certificate's key (a private PKI's certificate is judged by ``PrivateCertificateCheck``).
    func asKeySignature(_ legacy: LegacyBundle) throws(FindingError) -> SignatureEvidence {
        var signature = legacy.signature
        signature.material = .key
        let converted = try LegacyBundle(converting: signature)
        return SignatureEvidence(
            bundle: converted.bundle, legacy: converted, chain: chain, payload: payload, format: format)
    }

    /// A blob that contradicts its descriptor is a tampered payload: named as such, with the blob's evidence.
    private static func payloadFinding(_ finding: Finding) -> Finding {
        guard [.ociBlobDigestMismatch, .ociBlobSizeMismatch].contains(finding.code) else { return finding }
        var renamed = finding
        renamed.code = .imageSignaturePayloadDigestMismatch
        renamed.message = "the payload does not match its layer descriptor (\(finding.message))"
        return renamed
    }

    private static func convert(
        _ annotations: CosignAnnotations, payload: [UInt8], at location: SourceLocation, attestation: Bool,
        format: String, limits: Limits
    ) -> Result<SignatureEvidence, FindingError> {
        let content: LegacySignature.Content = attestation ? .envelope(payload) : .payload(payload)
        switch annotations.decode(content: content, contentLocation: location, attestation: attestation) {
        case .failure(let error):
            return .failure(error)
        case .success(let (signature, chain)):
            do {
                let legacy = try LegacyBundle(converting: signature, limits: limits)
                return .success(
                    SignatureEvidence(
                        bundle: legacy.bundle, legacy: legacy, chain: chain,
                        payload: attestation ? nil : (payload, location), format: format))
            } catch {
                return .failure(error)
            }
        }
    }
}
