import VouchCore

extension TrustedRoot {
    /// SHA-256 digests of the public Sigstore trusted roots Vouch knows by name (trust-roots/README.md gives their
    /// source). A root read from a file whose digest is here is reported by that name.
    public static let pinnedDigests: [String: String] = [
        "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66": "sigstore public-good (production)",
        "81f5af777952d2c3955062ad56924c05ca916b5d49f3a0bce945faa475a8b1cc": "sigstore staging",
    ]

    /// The name of a pinned public root this file is, if any.
    public var pinnedName: String? {
        fileDigest.flatMap { Self.pinnedDigests[$0.hex] }
    }
}
