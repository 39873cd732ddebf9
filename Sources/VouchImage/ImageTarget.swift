import VouchCore
import VouchOCI

/// What `vouch verify image` is pointed at: a registry reference, an OCI image layout, or a containers
/// directory-transport image.
///
/// ```
/// target = "oci:" path [ ":" ref-name / "@" digest ]     ; an image layout (LayoutReference)
///        / "dir:" path                                    ; containers/image "dir" transport (skopeo … dir:PATH)
///        / reference                                      ; a registry (ImageReference)
/// ```
public enum ImageTarget: Hashable, Sendable, CustomStringConvertible {
    case registry(ImageReference)
    case layout(LayoutReference)
    case directory(path: String)

    /// The `dir:` transport prefix.
    public static let directoryPrefix = "dir:"

    /// Parses a target; `oci.reference.invalid` when it is none.
    public init(parsing text: String) throws(FindingError) {
        if text.hasPrefix(Self.directoryPrefix) {
            let path = String(text.dropFirst(Self.directoryPrefix.count))
            guard !path.isEmpty else {
                throw FindingError(
                    .ociReferenceInvalid, "'\(text)' names no directory", input: text, details: ["reference": text])
            }
            self = .directory(path: path)
            return
        }
        switch try ContentReference(parsing: text) {
        case .registry(let reference): self = .registry(reference)
        case .layout(let reference): self = .layout(reference)
        }
    }

    public var description: String {
        switch self {
        case .registry(let reference): reference.description
        case .layout(let reference): reference.description
        case .directory(let path): Self.directoryPrefix + path
        }
    }
}
