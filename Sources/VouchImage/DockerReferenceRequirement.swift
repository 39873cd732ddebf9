import VouchCore
import VouchOCI

/// `--docker-reference REPO[:TAG]`: the repository (and, when given, the tag) a signature must name in
/// `critical.identity.docker-reference` (containers/image's `matchRepository`, and `matchExact` with a tag).
///
/// Both sides are normalised as references are (`docker.io`, `library/`), so `alpine` and
/// `docker.io/library/alpine` are the same repository. cosign itself ignores the field; the requirement exists for
/// policies that bind a signature to where the image is published.
public struct DockerReferenceRequirement: Sendable, Hashable, CustomStringConvertible {
    public let repository: ImageReference
    public let tag: String?

    /// Parses `REPO[:TAG]`; a digest is refused (signatures name repositories, not digests).
    public init(parsing text: String) throws(FindingError) {
        let reference = try ImageReference(parsing: text, input: "--docker-reference")
        guard reference.digest == nil else {
            throw FindingError(
                .ociReferenceInvalid, "--docker-reference names a repository and optionally a tag, not a digest",
                input: "--docker-reference", details: ["reference": text])
        }
        repository = reference.with()
        tag = reference.tag
    }

    /// Whether a signed `docker-reference` satisfies the requirement.
    public func isSatisfied(by signed: String) -> Bool {
        guard let reference = try? ImageReference(parsing: signed) else { return false }
        guard reference.name == repository.name else { return false }
        return tag == nil || reference.tag == tag
    }

    public var description: String { tag.map { "\(repository.name):\($0)" } ?? repository.name }
}

/// The signed reference names the required repository and tag.
enum DockerReferenceCheck {
    static func check(
        _ signed: String?, requirement: DockerReferenceRequirement?, at location: SourceLocation
    )
        -> [Finding]
    {
        guard let requirement, !(signed.map(requirement.isSatisfied) ?? false) else { return [] }
        return [
            Finding(
                .imagePayloadReferenceMismatch, "the signature names another repository or tag than required",
                at: location, details: ["expected": requirement.description, "actual": signed ?? "(none)"])
        ]
    }
}
