import VouchCore
import VouchJSON

/// Digests as OCI accepts them: sha256 or sha512, strict lowercase hex, and never anything that could be a path.
///
/// ```
/// digest    = algorithm ":" encoded          ; image-spec descriptor.md, restricted to the registered algorithms
/// algorithm = "sha256" / "sha512"
/// ```
/// A digest that contains `/` or `..` gets `oci.descriptor.path-escape`: such a value is an attempt to name a file
/// outside `blobs/`, not a typo, and it is refused before any path is built from it.
public enum OCIDigest {
    /// The algorithms the image specification registers.
    public static let algorithms: Set<DigestAlgorithm> = [.sha256, .sha512]

    /// Parses a digest found at `pointer` in `input`.
    public static func parse(
        _ text: String, input: String, pointer: JSONPointer? = nil, position: TextPosition? = nil
    ) throws(FindingError) -> Digest {
        let location = SourceLocation(input: input, pointer: pointer, position: position)
        if text.contains("/") || text.contains("..") || text.contains("\\") || text.contains("\0") {
            throw FindingError(
                Finding(
                    .ociDescriptorPathEscape, "a digest must not contain path separators or '..'", at: location,
                    details: ["digest": text]))
        }
        let digest: Digest
        do {
            digest = try Digest(parsing: text, input: input, pointer: pointer)
        } catch {
            throw FindingError(
                error.findings.map { finding in
                    var located = finding
                    located.location = location
                    return located
                })
        }
        guard algorithms.contains(digest.algorithm) else {
            throw FindingError(
                Finding(
                    .digestUnsupportedAlgorithm, "OCI content is addressed by sha256 or sha512 only", at: location,
                    details: ["algorithm": digest.algorithm.rawValue]))
        }
        return digest
    }

    /// Parses the string value under a cursor.
    public static func parse(_ cursor: JSONCursor) throws(FindingError) -> Digest {
        try parse(try cursor.string(), input: cursor.input, pointer: cursor.pointer, position: cursor.node.position)
    }
}
