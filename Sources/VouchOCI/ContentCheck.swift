import Foundation
import VouchCore
import VouchCrypto

/// Comparing content with the descriptor that names it: size and digest, each reported on its own.
///
/// Both are always checked. A size that is off while the digest matches is still a defect (the descriptor lies
/// about the content, and a reader trusting the size would cut or pad it); a digest that is off while the size
/// matches is content rewritten in place.
public enum ContentCheck {
    /// Findings for bytes read whole.
    public static func compare(
        data: some DataProtocol, against descriptor: Descriptor, at location: SourceLocation, isManifest: Bool,
        path: String
    ) -> [Finding] {
        compare(
            size: Int64(data.count), digest: Digest.of(data, using: descriptor.digest.algorithm), against: descriptor,
            at: location, isManifest: isManifest, path: path)
    }

    /// Findings for a size and digest measured elsewhere (a streamed file).
    public static func compare(
        size: Int64, digest: Digest, against descriptor: Descriptor, at location: SourceLocation, isManifest: Bool,
        path: String
    ) -> [Finding] {
        var findings: [Finding] = []
        if size != descriptor.size {
            findings.append(
                Finding(
                    isManifest ? .ociManifestSizeMismatch : .ociBlobSizeMismatch,
                    "the content is \(size) bytes but its descriptor says \(descriptor.size)", at: location,
                    details: [
                        "expected": String(descriptor.size), "actual": String(size), "path": path,
                        "digest": descriptor.digest.description,
                    ]))
        }
        if digest != descriptor.digest {
            findings.append(
                Finding(
                    isManifest ? .ociManifestDigestMismatch : .ociBlobDigestMismatch,
                    "the content does not hash to the digest its descriptor names", at: location,
                    details: ["expected": descriptor.digest.description, "actual": digest.description, "path": path]))
        }
        return findings
    }
}
