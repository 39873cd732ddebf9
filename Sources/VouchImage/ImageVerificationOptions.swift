import VouchCore
import VouchOCI
import VouchSigstore

/// What `verify image` requires besides the signer, and which checks it runs.
public struct ImageVerificationOptions: Sendable {
    /// From an index, verify the manifest of this platform (its own signatures).
    public var platform: Platform?
    /// `-a key=value`: annotations the signed payload must carry.
    public var annotations: [String: String]
    /// `--docker-reference`: the repository (and tag) the signed payload must name.
    public var dockerReference: DockerReferenceRequirement?
    /// Check the digest and size of every blob and child manifest (layouts and `dir:` unless `--skip-blob-check`;
    /// registries with `--check-blobs`).
    public var checkContent: Bool
    /// Checks switched off by name (`--insecure-ignore-tlog`, `--insecure-ignore-sct`).
    public var unsafe: UnsafeVerificationOptions
    /// The verification time (`--time`, else the clock read once by the caller): a certificate is judged at it only
    /// when the transparency log is ignored and no timestamp vouches for a time.
    public var time: VerificationTime
    public var limits: Limits

    public init(
        platform: Platform? = nil, annotations: [String: String] = [:],
        dockerReference: DockerReferenceRequirement? = nil, checkContent: Bool = true,
        unsafe: UnsafeVerificationOptions = .none, time: VerificationTime, limits: Limits = .default
    ) {
        self.platform = platform
        self.annotations = annotations
        self.dockerReference = dockerReference
        self.checkContent = checkContent
        self.unsafe = unsafe
        self.time = time
        self.limits = limits
    }
}
