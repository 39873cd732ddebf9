import VouchCore
import VouchCrypto
import VouchJSON

@testable import VouchSigstore

/// What a virtual bundle looks like: every knob a negative case needs.
struct VirtualBundleSpec {
    enum MediaType: String {
        case v01 = "application/vnd.dev.sigstore.bundle+json;version=0.1"
        case v02 = "application/vnd.dev.sigstore.bundle+json;version=0.2"
        case v03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3"
        case v03 = "application/vnd.dev.sigstore.bundle.v0.3+json"
    }

    enum Content {
        case messageSignature
        /// A DSSE envelope; `statement` defaults to an in-toto v1 statement with the artifact as subject.
        case dsse(payloadType: String = "application/vnd.in-toto+json", statement: JSONNode? = nil)
    }

    enum Log {
        /// Rekor v1 with the given entry kind (`hashedrekord`, `dsse`, `intoto`), promise and proof.
        case rekorV1(kind: String = "default", promise: Bool = true, proof: Bool = true)
        /// Rekor v2: hashedrekord or dsse 0.0.2, inclusion proof with a checkpoint, no promise.
        case rekorV2
    }

    enum Signer {
        case certificate
        /// A managed key instead of a certificate (verification material `publicKey`).
        case key(PrivateKey)
    }

    var mediaType: MediaType = .v03
    var content: Content = .messageSignature
    var log: Log = .rekorV1()
    var signer: Signer = .certificate
    /// When the signature is made; the certificate is valid for ten minutes from a second before.
    var signingTime: VerificationTime? = nil
    /// Seconds after signing at which the log integrates the entry.
    var integrationDelay: Int64 = 2
    /// How many RFC 3161 timestamps (by the instance's TSA, over the signature, at the signing time).
    var timestamps = 0
    /// Use the chain form (`x509CertificateChain`) for the certificate; v0.1 and v0.2 do by default.
    var chainForm: Bool? = nil
    /// Extra certificates appended to a chain (for example the root).
    var extraChainCertificates: [Certificate] = []
    var subjectAlternativeNames: [SubjectAlternativeName] = [.uri(VirtualSigstore.identity)]
    /// The issuer written to 1.3.6.1.4.1.57264.1.8; `nil` leaves it out.
    var issuerV2: String? = VirtualSigstore.issuer
    /// The issuer written to the deprecated raw 1.3.6.1.4.1.57264.1.1; `nil` leaves it out.
    var issuerV1: String? = VirtualSigstore.issuer
    var extraExtensions: [CertificateExtension] = []
    var codeSigningEKU = true
    /// How many SCTs to embed (0 leaves the extension out).
    var sctCount = 1
    /// Sign SCTs with this key instead of the CT log's (an unknown log).
    var sctKey: PrivateKey? = nil
    /// Spoil the SCT signature.
    var corruptSCT = false
    /// Issue the certificate with this CA key and certificate instead of the instance's intermediate.
    var issuingCA: (key: PrivateKey, certificate: Certificate)? = nil
    /// Sign timestamps with this TSA key, certificate and chain (embedded in the token) instead of the instance's.
    var timestampAuthority: (key: PrivateKey, certificate: Certificate, chain: [Certificate])? = nil
    /// The certificate's validity, when a test wants another one.
    var certificateValidity: (notBefore: VerificationTime, notAfter: VerificationTime)? = nil
    /// Tree size and leaf index of the inclusion proof.
    var treeSize: UInt64 = 1_000
    var leafIndex: UInt64 = 517
    /// Extra signature lines appended to the checkpoint (witness cosignatures and the like).
    var extraCheckpointLines: [String] = []
    /// Put the extra checkpoint lines before the log's own signature.
    var extraCheckpointLinesFirst = false
}
