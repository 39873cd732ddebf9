import VouchCore

/// The payload names the image being verified: `critical.image.docker-manifest-digest` equals its digest.
///
/// A signature copied from another image (or made for an earlier build under the same tag) is intact and still
/// says nothing about this image.
enum PayloadDigestCheck {
    static func check(_ payload: SimpleSigningPayload, imageDigest: Digest) -> [Finding] {
        guard payload.dockerManifestDigest.lowercased() != imageDigest.description else { return [] }
        return [
            Finding(
                .imagePayloadDigestMismatch, "the signature is for another image: its payload names another digest",
                at: SourceLocation(
                    input: payload.location.input, pointer: ["critical", "image", "docker-manifest-digest"]),
                details: ["expected": imageDigest.description, "actual": payload.dockerManifestDigest])
        ]
    }
}
