import Foundation
import VouchCore
import VouchOCI

/// A manifest or index whose exact bytes matched the descriptor it was read by (digest and size), with the parsed
/// document: what every ``ImageStore`` hands out.
public struct CheckedManifest: Sendable {
    /// The descriptor the bytes were checked against.
    public let descriptor: Descriptor
    /// The exact bytes: what the digest covers.
    public let bytes: Data
    public let manifest: Manifest

    /// A manifest VouchOCI checked.
    public init(_ verified: VerifiedManifest) {
        self.init(checked: verified.descriptor, bytes: verified.bytes, manifest: verified.manifest)
    }

    /// A manifest whose bytes the caller has checked against `descriptor`.
    init(checked descriptor: Descriptor, bytes: Data, manifest: Manifest) {
        self.descriptor = descriptor
        self.bytes = bytes
        self.manifest = manifest
    }
}
