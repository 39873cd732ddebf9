import VouchCore

/// What a time-stamp token says about the certificate that signed it.
public struct TimestampSignerCheck: Sendable {
    public let signer: Certificate
    /// `nil` when the CMS signature verifies; otherwise OpenSSL's reason.
    public let signatureFailure: String?
    public let binding: SigningCertificateBinding
}
