import VouchCore

/// The OCI 1.1 empty descriptor: a config or layer that carries nothing, written as the two bytes `{}`.
///
/// ```
/// { "mediaType": "application/vnd.oci.empty.v1+json",
///   "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2 }
/// ```
/// A descriptor of this media type that names other content is refused: artifacts use it to mean "no config",
/// and a reader that trusted the media type alone could be handed anything.
public enum EmptyDescriptor {
    /// The content, `{}`.
    public static let content: [UInt8] = Array("{}".utf8)
    /// The SHA-256 of the content.
    public static let digest = try! Digest(
        parsing: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    /// The size of the content.
    public static let size: Int64 = 2
}
