import VouchCore
import VouchJSON

/// The bundle format version, read from the media type. Both spellings are accepted for v0.3:
///
/// ```
/// media-type = "application/vnd.dev.sigstore.bundle+json;version=" version      ; v0.1, v0.2, v0.3
///            / "application/vnd.dev.sigstore.bundle.v" version "+json"          ; v0.3 and later
/// ```
/// Each version brings a rule about the verification material and the log entries; ``UnverifiedBundle`` records
/// them and the verifier enforces them (step 1).
public enum BundleVersion: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Every log entry needs an inclusion promise (SET).
    case v01 = "0.1"
    /// Every log entry needs an inclusion proof.
    case v02 = "0.2"
    /// As v0.2, and the material must not be a certificate chain.
    case v03 = "0.3"

    /// The version a bundle media type names.
    ///
    /// - Throws: `sigstore.bundle.media-type-unknown` for media types that are not Sigstore bundles,
    ///   `sigstore.bundle.version-unsupported` for bundle versions other than 0.1 to 0.3.
    static func of(mediaType: String, at cursor: JSONCursor) throws(FindingError) -> BundleVersion {
        let legacyPrefix = "application/vnd.dev.sigstore.bundle+json;version="
        let currentPrefix = "application/vnd.dev.sigstore.bundle.v"
        let version: String
        if mediaType.hasPrefix(legacyPrefix) {
            version = String(mediaType.dropFirst(legacyPrefix.count))
        } else if mediaType.hasPrefix(currentPrefix), mediaType.hasSuffix("+json") {
            version = String(mediaType.dropFirst(currentPrefix.count).dropLast("+json".count))
        } else {
            throw cursor.error(
                .sigstoreBundleMediaTypeUnknown, "'\(mediaType)' is not a Sigstore bundle media type",
                details: ["actual": mediaType])
        }
        guard let known = BundleVersion(rawValue: version) else {
            throw cursor.error(
                .sigstoreBundleVersionUnsupported, "bundle version '\(version)' is not supported (0.1 to 0.3 are)",
                details: ["actual": mediaType, "version": version])
        }
        return known
    }

    public static func < (lhs: BundleVersion, rhs: BundleVersion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
