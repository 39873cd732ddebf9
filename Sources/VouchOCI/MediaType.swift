import Foundation

/// The media types Vouch interprets, and what each one is.
///
/// ```
/// media-type = type "/" subtype *( ";" parameter )     ; RFC 6838, as used by OCI descriptors
/// ```
/// Only the types listed here are read as manifests or indexes. Layer and config types are opaque to Vouch (any
/// value is carried through and its bytes are checked by digest), except the OCI 1.1 empty descriptor, whose
/// content is fixed.
public enum MediaType {
    /// OCI image manifest (image-spec `manifest.md`).
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image index (image-spec `image-index.md`).
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// Docker image manifest, schema 2.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker manifest list, schema 2.
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// Docker schema 1, unsigned: refused (its config is not content-addressed).
    public static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    /// Docker schema 1, signed with a JWS: refused.
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"
    /// OCI 1.1 empty descriptor content: the two bytes `{}`.
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"
    /// OCI image configuration.
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    /// Docker image configuration.
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"

    /// The `Accept` header for manifest requests: every manifest and index type Vouch reads, OCI first.
    public static let manifestAccept = [ociManifest, ociIndex, dockerManifest, dockerManifestList].joined(
        separator: ", ")

    /// What kind of document a media type names, ignoring parameters (`; charset=utf-8`) and case.
    public static func kind(of mediaType: String) -> ManifestKind? {
        switch essence(of: mediaType) {
        case ociManifest: .ociManifest
        case ociIndex: .ociIndex
        case dockerManifest: .dockerManifest
        case dockerManifestList: .dockerManifestList
        case dockerSchema1, dockerSchema1Signed: .dockerSchema1
        default: nil
        }
    }

    /// The `type/subtype` part, lowercased, without parameters.
    public static func essence(of mediaType: String) -> String {
        let base = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// The manifest-like documents a registry or layout can hold.
public enum ManifestKind: String, Sendable, Hashable, CaseIterable {
    case ociManifest
    case ociIndex
    case dockerManifest
    case dockerManifestList
    case dockerSchema1

    /// The canonical media type.
    public var mediaType: String {
        switch self {
        case .ociManifest: MediaType.ociManifest
        case .ociIndex: MediaType.ociIndex
        case .dockerManifest: MediaType.dockerManifest
        case .dockerManifestList: MediaType.dockerManifestList
        case .dockerSchema1: MediaType.dockerSchema1
        }
    }

    /// An index or manifest list, whose entries are manifests.
    public var isIndex: Bool { self == .ociIndex || self == .dockerManifestList }
}
