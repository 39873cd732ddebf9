/// Every size, depth, count and time bound Vouch enforces, in one value that is passed in, never global.
///
/// Defaults are chosen so that real supply-chain inputs pass with room to spare while a hostile input cannot
/// exhaust memory or time. Each one is documented in docs/architecture.md ("Limits") and can be overridden.
public struct Limits: Hashable, Sendable {
    /// Largest JSON document parsed, in bytes. Default 256 MiB (large SBOMs reach tens of MiB).
    public var maxJSONBytes: Int = 256 << 20
    /// Deepest nesting of arrays and objects. Default 512. jansson itself stops at 2048, so larger values
    /// are capped there.
    public var maxJSONDepth: Int = 512
    /// Largest single JSON string, in bytes. Default 64 MiB.
    public var maxJSONStringBytes: Int = 64 << 20
    /// Most members of one JSON object or elements of one array. Default 10,000,000.
    public var maxJSONContainerCount: Int = 10_000_000
    /// Longest number literal, in characters. Default 512.
    public var maxJSONNumberLength: Int = 512

    /// Largest body a fetch may return, in bytes; the transfer is aborted when exceeded. Default 512 MiB.
    public var maxFetchBytes: Int = 512 << 20
    /// Most redirects one fetch follows. Default 5.
    public var maxRedirects: Int = 5
    /// Most fetches in flight at once. Default 16.
    public var maxConcurrentFetches: Int = 16
    /// Timeout for one request attempt, in milliseconds. Default 30 s.
    public var fetchTimeoutMilliseconds: Int = 30_000
    /// Timeout for connecting, in milliseconds. Default 10 s.
    public var connectTimeoutMilliseconds: Int = 10_000
    /// Retries after the first attempt for 429, 5xx and transient transport failures. Default 3.
    public var maxRetries: Int = 3
    /// First backoff delay in milliseconds; doubled each retry, with jitter. Default 250 ms.
    public var retryBaseDelayMilliseconds: Int = 250
    /// Longest wait honoured from a `Retry-After` header, in milliseconds. Default 60 s.
    public var maxRetryAfterMilliseconds: Int = 60_000

    /// Largest artifact read whole into memory for a signature check (Ed25519 cannot stream). Default 4 GiB.
    public var maxArtifactBytes: Int = 4 << 30

    /// Largest PEM/DER key, certificate or signature file read, in bytes. Default 1 MiB.
    public var maxCryptoInputBytes: Int = 1 << 20
    /// Most certificates in one chain. Default 10.
    public var maxChainLength: Int = 10

    /// Largest manifest, image index or layout `index.json` read, in bytes. Default 4 MiB, the limit
    /// docker/distribution and containerd apply to manifests; anything larger is refused before it is parsed.
    public var maxManifestBytes: Int = 4 << 20
    /// Deepest nesting of image indexes below a layout's `index.json` or a resolved reference. Default 8: real
    /// images nest two or three levels (index.json, a multi-arch index, cosign's index of an index).
    public var maxIndexDepth: Int = 8
    /// Most descriptors walked in one layout or one pulled image, and most files under a layout's `blobs/`.
    /// Default 1,000,000.
    public var maxLayoutBlobs: Int = 1_000_000
    /// Largest single blob downloaded from a registry, in bytes. Default 64 GiB; blobs are streamed to disk, never
    /// held whole in memory.
    public var maxBlobBytes: Int = 64 << 30
    /// Most pages followed when listing a repository's tags (each page is one `Link: rel="next"` hop). Default 1000.
    public var maxTagListPages: Int = 1000

    /// Most transparency log entries one Sigstore bundle may carry. Default 32, as sigstore-go allows.
    public var maxSigstoreTlogEntries: Int = 32
    /// Most RFC 3161 timestamps one Sigstore bundle may carry. Default 32, as sigstore-go allows.
    public var maxSigstoreTimestamps: Int = 32
    /// Most hashes in one inclusion proof. Default 64: a tree of 2^63 leaves needs 63.
    public var maxSigstoreProofHashes: Int = 64
    /// Most signature lines read from one checkpoint. Default 64 (C2SP signed notes must allow at least 16).
    public var maxSigstoreCheckpointSignatures: Int = 64
    /// Most subjects of an in-toto statement matched against an artifact. Default 1024, as sigstore-go allows.
    public var maxInTotoSubjects: Int = 1024

    public init() {}

    /// The defaults.
    public static let `default` = Limits()
}
