import VouchCore
import VouchCrypto

extension TrustedRoot {
    /// This root with the intermediates a legacy signature carried (cosign's `dev.sigstore.cosign/chain`), where
    /// they connect `leaf` to a certificate authority of the root; `nil` when they add nothing.
    ///
    /// cosign and containers/image build the path from a Fulcio leaf to a trusted root through such untrusted
    /// intermediates; a trusted root that lists only the root certificate needs them. They are never trusted on
    /// their own: each derived authority is `[intermediates…] + authority's chain`, under the authority's name,
    /// URI and validity window, and the verifier checks that chain from the leaf to the authority's anchor like any
    /// other (signatures, CA constraints, validity at every verified time). Self-issued certificates of the
    /// annotation are ignored: anchors come from the root only.
    public func extended(withIntermediates intermediates: [Certificate], for leaf: Certificate) -> TrustedRoot? {
        let candidates = intermediates.filter { !$0.isSelfIssued }
        guard !candidates.isEmpty,
            !certificateAuthorities.contains(where: { $0.certificates[0].subject == leaf.issuer })
        else { return nil }
        // Walk up from the leaf's issuer through the annotation until a certificate is issued by an authority.
        var path: [Certificate] = []
        var subject = leaf.issuer
        while path.count < candidates.count, let next = candidates.first(where: { $0.subject == subject }),
            !path.contains(next)
        {
            path.append(next)
            subject = next.issuer
        }
        let derived = certificateAuthorities.filter { $0.certificates[0].subject == subject }.map { authority in
            CertificateAuthority(
                organization: authority.organization, commonName: authority.commonName, uri: authority.uri,
                certificates: path + authority.certificates, validFor: authority.validFor,
                operatorName: authority.operatorName)
        }
        guard !path.isEmpty, !derived.isEmpty else { return nil }
        return TrustedRoot(
            mediaType: mediaType, transparencyLogs: transparencyLogs,
            certificateAuthorities: certificateAuthorities + derived, ctLogs: ctLogs,
            timestampAuthorities: timestampAuthorities, fileDigest: fileDigest)
    }
}
