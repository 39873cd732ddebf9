import VouchCore

extension ImageIndex {
    /// The entry for a platform: the first manifest whose platform satisfies the request, as docker and skopeo
    /// choose. Entries without a platform (attestation manifests, artifacts) are never chosen.
    ///
    /// - Throws: `oci.platform.not-found`, listing the platforms the index offers.
    public func manifest(
        for platform: Platform, input: String
    ) throws(FindingError) -> (descriptor: Descriptor, index: Int) {
        for (offset, descriptor) in manifests.enumerated() {
            if let candidate = descriptor.platform, platform.isSatisfied(by: candidate),
                MediaType.kind(of: descriptor.mediaType).map({ !$0.isIndex }) ?? false
            {
                return (descriptor, offset)
            }
        }
        let offered = manifests.compactMap(\.platform).map(\.description)
        throw FindingError(
            .ociPlatformNotFound, "the index has no manifest for \(platform)", input: input,
            details: ["platform": platform.description, "offered": offered.joined(separator: ", ")])
    }
}
