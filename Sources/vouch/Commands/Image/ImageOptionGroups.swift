import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchImage
import VouchOCI
import VouchSigstore

/// `--ca-roots` and `--ca-intermediates` (cosign's names): signatures by certificates of a private PKI, shared by
/// `verify image` and `verify attestation REF`. Together with `--key` and the identity flags of
/// ``SigstoreOptions`` they decide the ``ImageSignaturePolicy`` and whether a trusted root is needed.
struct CertificateAuthorityOptions: ParsableArguments {
    @Option(help: "PEM root certificates of a private PKI (cosign's --ca-roots); with the identity flags.")
    var caRoots: String?

    @Option(help: "PEM intermediate certificates of the private PKI of --ca-roots.")
    var caIntermediates: String?

    /// Whether either flag was given.
    var isSet: Bool { caRoots != nil || caIntermediates != nil }

    func validate(keys: [String]) throws {
        guard caRoots == nil || keys.isEmpty else {
            throw ValidationError("--ca-roots verifies certificates, not --key")
        }
        guard caIntermediates == nil || caRoots != nil else {
            throw ValidationError("--ca-intermediates needs --ca-roots")
        }
    }

    /// Who must have signed: the `keys` (PEM files), a private PKI with the identity, or the identity under a
    /// trusted root.
    func policy(keys: [String], sigstore: SigstoreOptions, limits: Limits) throws(FindingError)
        -> ImageSignaturePolicy
    {
        guard keys.isEmpty else {
            var loaded: [PublicKey] = []
            for path in keys {
                loaded.append(
                    try PublicKey.load(try LocalFile.read(path, maxBytes: limits.maxCryptoInputBytes), input: path))
            }
            return .keys(loaded)
        }
        guard case .identity(let identity) = try sigstore.policy(key: nil, limits: limits) else {
            preconditionFailure("an identity policy without --key")
        }
        if let caRoots {
            let roots = try Certificate.parsePEMChain(
                try LocalFile.read(caRoots, maxBytes: limits.maxCryptoInputBytes), input: caRoots)
            let intermediates = try caIntermediates.map { path throws(FindingError) in
                try Certificate.parsePEMChain(
                    try LocalFile.read(path, maxBytes: limits.maxCryptoInputBytes), input: path)
            }
            return .certificateAuthority(
                CertificateAuthorityPolicy(roots: roots, intermediates: intermediates ?? [], identity: identity))
        }
        return .identity(identity)
    }

    /// Identities need a trusted root; keys and a private PKI use one when given (`--trusted-root` or
    /// `$VOUCH_TRUSTED_ROOT`).
    func trustedRoot(keys: [String], sigstore: SigstoreOptions, limits: Limits) throws(FindingError) -> TrustedRoot? {
        let environment = ProcessInfo.processInfo.environment["VOUCH_TRUSTED_ROOT"] ?? ""
        if (!keys.isEmpty || caRoots != nil) && sigstore.trustedRoot == nil && environment.isEmpty { return nil }
        return try sigstore.loadTrustedRoot(limits: limits)
    }
}

/// Where an image and its attachments are read from, and how much of the image is checked: `--signature-repository`,
/// `--offline`, `--skip-blob-check` and `--check-blobs`, shared by `verify image` and `verify attestation REF`.
struct ImageSourceOptions: ParsableArguments {
    @Option(
        help: "Look for signatures and attestations in this repository instead of the image's (COSIGN_REPOSITORY).")
    var signatureRepository: String?

    @Flag(help: "Never use the network: registry references are refused.")
    var offline = false

    @Flag(help: "Do not check the digest and size of the image's blobs and child manifests (layouts, dir:).")
    var skipBlobCheck = false

    @Flag(help: "Fetch and check every blob of a registry image.")
    var checkBlobs = false

    /// Whether a flag that only applies to images was given.
    var isSet: Bool { signatureRepository != nil || offline || skipBlobCheck || checkBlobs }

    /// Whether the image's blobs and child manifests are to be checked (a registry's only with `--check-blobs`).
    var checkContent: Bool { !skipBlobCheck }

    func validate(image: String) throws {
        guard !(skipBlobCheck && checkBlobs) else {
            throw ValidationError("--skip-blob-check and --check-blobs contradict each other")
        }
        if offline, !image.hasPrefix(LayoutReference.prefix), !image.hasPrefix(ImageTarget.directoryPrefix) {
            throw ValidationError("--offline verifies oci:LAYOUT or dir:PATH images; '\(image)' is in a registry")
        }
    }

    /// The store `image` names.
    func store(_ image: String, registry: RegistryOptions, limits: Limits) throws(FindingError) -> any ImageStore {
        switch try ImageTarget(parsing: image) {
        case .layout(let reference):
            return try LayoutImageStore(reference, limits: limits)
        case .directory(let path):
            return try DirectoryImageStore(path: path, limits: limits)
        case .registry(let reference):
            let client = try registry.client(limits: limits)
            let repository = try signatureRepository.map { text throws(FindingError) in
                try ImageReference(parsing: text, input: "--signature-repository").with()
            }
            return RegistryImageStore(
                client: client, reference: reference, signatureRepository: repository, checksBlobs: checkBlobs)
        }
    }
}
