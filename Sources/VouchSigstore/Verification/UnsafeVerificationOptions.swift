import VouchCore

/// Checks a caller may switch off, each under an explicit name, for signatures made without the evidence Sigstore
/// normally requires (cosign's `--insecure-ignore-tlog` and `--insecure-ignore-sct`).
///
/// Every switch that is on is listed by ``names``; callers record them in their output so that a result obtained
/// with a check switched off is never mistaken for a full verification.
///
/// - Warning: each switch removes a guarantee. Without the transparency log nothing shows that the signature was
///   ever published, and a certificate is judged at a time nobody vouches for; without SCTs nothing shows that
///   the certificate authority logged the certificate.
public struct UnsafeVerificationOptions: Sendable, Hashable {
    /// Transparency log entries are neither required nor checked (`--insecure-ignore-tlog`). Inclusion promises
    /// then vouch for no time: a certificate is judged at RFC 3161 timestamps, else at
    /// ``certificateTimeWithoutEvidence``.
    public var ignoreTransparencyLog: Bool
    /// The signing certificate's embedded SCTs are not required or checked (`--insecure-ignore-sct`).
    public var ignoreSCT: Bool
    /// With ``ignoreTransparencyLog``, the time a certificate is judged at when no RFC 3161 timestamp vouches for
    /// one; cosign uses the current time. `nil` keeps the failure `sigstore.time.missing`.
    public var certificateTimeWithoutEvidence: VerificationTime?

    public init(
        ignoreTransparencyLog: Bool = false, ignoreSCT: Bool = false,
        certificateTimeWithoutEvidence: VerificationTime? = nil
    ) {
        self.ignoreTransparencyLog = ignoreTransparencyLog
        self.ignoreSCT = ignoreSCT
        self.certificateTimeWithoutEvidence = certificateTimeWithoutEvidence
    }

    /// Every check on.
    public static let none = UnsafeVerificationOptions()

    /// The names of the switches that are on, for reports: `ignore-transparency-log`, `ignore-sct`.
    public var names: [String] {
        (ignoreTransparencyLog ? ["ignore-transparency-log"] : []) + (ignoreSCT ? ["ignore-sct"] : [])
    }

    /// The authority named for a time taken from ``certificateTimeWithoutEvidence``.
    static let unvouchedTimeAuthority = "nobody: the verification time, used because the transparency log is ignored"
}
