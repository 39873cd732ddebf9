import VouchCore

/// An image manifest: one image (or artifact) as a config blob and an ordered list of layers.
///
/// ```
/// manifest = { "schemaVersion": 2, ? "mediaType": string, ? "artifactType": string,
///              "config": descriptor, "layers": [descriptor], ? "subject": descriptor,
///              ? "annotations": { string: string } }     ; image-spec manifest.md, Docker schema 2 alike
/// ```
public struct ImageManifest: Hashable, Sendable {
    /// ``ManifestKind/ociManifest`` or ``ManifestKind/dockerManifest``.
    public var kind: ManifestKind
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    /// The manifest this one refers to (OCI 1.1 referrers).
    public var subject: Descriptor?
    public var annotations: [String: String]

    public init(
        kind: ManifestKind, artifactType: String? = nil, config: Descriptor, layers: [Descriptor],
        subject: Descriptor? = nil, annotations: [String: String] = [:]
    ) {
        self.kind = kind
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.subject = subject
        self.annotations = annotations
    }

    /// The OCI 1.1 artifact type: `artifactType`, or else the config's media type when that is not an image config.
    public var effectiveArtifactType: String? {
        if let artifactType { return artifactType }
        let config = MediaType.essence(of: config.mediaType)
        return config == MediaType.ociConfig || config == MediaType.dockerConfig ? nil : self.config.mediaType
    }
}

/// An image index (or Docker manifest list): manifests for several platforms, or a set of related manifests.
///
/// ```
/// index = { "schemaVersion": 2, ? "mediaType": string, ? "artifactType": string,
///           "manifests": [descriptor], ? "subject": descriptor, ? "annotations": { string: string } }
///                                                          ; image-spec image-index.md
/// ```
public struct ImageIndex: Hashable, Sendable {
    /// ``ManifestKind/ociIndex`` or ``ManifestKind/dockerManifestList``.
    public var kind: ManifestKind
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]

    public init(
        kind: ManifestKind = .ociIndex, artifactType: String? = nil, manifests: [Descriptor],
        subject: Descriptor? = nil, annotations: [String: String] = [:]
    ) {
        self.kind = kind
        self.artifactType = artifactType
        self.manifests = manifests
        self.subject = subject
        self.annotations = annotations
    }
}
