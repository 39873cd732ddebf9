import ArgumentParser
import Dispatch
import Foundation
import VouchCore
import VouchCrypto
import VouchImage
import VouchOCI
import VouchSigstore

/// `vouch verify image REF|oci:LAYOUT[:tag|@digest]|dir:PATH (--key PEM… | --certificate-identity[-regexp] …
/// --certificate-oidc-issuer[-regexp] …) [--trusted-root F] [--platform P] [-a k=v] [--docker-reference REPO]
/// [--offline] [--insecure-registry H:P]`.
struct VerifyImageCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "image",
            abstract:
                "Verify the cosign signatures of an image (registry, OCI layout or dir:), offline and fail-closed.",
            discussion: """
                Finds the image's signatures (legacy sha256-<hex>.sig images, OCI 1.1 referrers with Sigstore \
                bundles and their sha256-<hex> fallback tag, cosign save layouts, dir: signature files) and judges \
                each one: the simple-signing payload must name the image's digest, the signature must verify with \
                one of the --key files or carry a certificate for the identity, with its transparency log entry and \
                timestamps checked against the trusted root. A layout or dir: image also has every blob and child \
                manifest checked (unless --skip-blob-check); a registry image with --check-blobs. Every signature \
                is listed with why it passed or failed.

                Exit codes: 0 verified. 1 verification failed, with exactly one verdict finding: \
                image.verdict.unsigned (no signature found), image.verdict.no-match (signatures found, none by the \
                given key or identity, reference or annotations), image.verdict.invalid (no signature verified and \
                one is broken, or the content contradicts its digests). 2 could not verify (unreadable input, \
                network, a referrers listing that failed: image.discovery.incomplete). 64 usage. \
                With --format json the verdict is also result.verdict.
                """
        )
    }

    @Argument(help: "A registry reference, oci:LAYOUT[:tag|@digest], or dir:PATH.")
    var image: String

    @Option(name: .long, help: "A PEM public key to verify with (repeatable; any one verifying suffices).")
    var key: [String] = []

    @OptionGroup var sigstore: SigstoreOptions

    @OptionGroup var certificateAuthority: CertificateAuthorityOptions

    @OptionGroup var platformOption: PlatformOption

    @Option(
        name: [.customShort("a"), .customLong("annotations")],
        help: ArgumentHelp("An annotation the signed payload must carry (repeatable).", valueName: "key=value"))
    var annotations: [String] = []

    @Option(help: "The repository (REPO or REPO:TAG) the signed payload's docker-reference must name.")
    var dockerReference: String?

    @OptionGroup var source: ImageSourceOptions

    @Flag(
        name: .customLong("insecure-ignore-tlog"),
        help: "UNSAFE: neither require nor check transparency log entries; recorded in the output.")
    var ignoreTransparencyLog = false

    @Flag(
        name: .customLong("insecure-ignore-sct"),
        help: "UNSAFE: neither require nor check the certificate's SCTs; recorded in the output.")
    var ignoreSCT = false

    @Option(name: .customLong("repeat"), help: .hidden)
    var repetitions: Int = 1

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard key.isEmpty || !sigstore.hasIdentityFlags else {
            throw ValidationError("--key verifies managed keys; certificate identity flags do not apply")
        }
        try sigstore.validate(key: key.first)
        try certificateAuthority.validate(keys: key)
        for entry in annotations where !entry.contains("=") {
            throw ValidationError("-a takes key=value, got '\(entry)'")
        }
        try source.validate(image: image)
        guard repetitions >= 1 else { throw ValidationError("--repeat must be positive") }
    }

    func run() async throws {
        let report: Report
        do throws(FindingError) {
            let limits = Limits.default
            let store = try makeStore(limits: limits)
            let verifier = ImageVerifier(
                policy: try policy(limits: limits), trustedRoot: try trustedRoot(limits: limits),
                options: try verificationOptions(limits: limits))
            if repetitions > 1 {
                report = try await benchmark(verifier, limits: limits)
            } else {
                let result = try await verifier.verify(store)
                report = Report(
                    command: "verify image", exitCode: Self.exitCode(result.verdict), lines: result.lines,
                    findings: result.findings, result: result.json)
            }
        } catch {
            report = OCIExit.report("verify image", error)
        }
        try Console.emit(report, options: options)
    }

    /// Verifies the image `--repeat` times in this process, one after another, each from a freshly opened store (as
    /// a gate verifying many images would); prints the rate.
    private func benchmark(_ verifier: ImageVerifier, limits: Limits) async throws(FindingError) -> Report {
        var failed = 0
        let start = DispatchTime.now()
        for _ in 0..<repetitions {
            let store = try makeStore(limits: limits)
            if try await verifier.verify(store).verdict != .verified { failed += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var report = Report(command: "verify image", exitCode: failed == 0 ? .verified : .failed)
        report.lines = [
            String(
                format: "verified %d images in %.3f s: %.1f ms each, %.0f images/s (%d failed)", repetitions, seconds,
                seconds * 1000 / Double(repetitions), Double(repetitions) / seconds, failed)
        ]
        report.result = [
            "images": .init(integerLiteral: repetitions), "seconds": .init(floatLiteral: seconds),
            "failed": .init(integerLiteral: failed),
        ]
        return report
    }

    /// 0 verified; 1 for the three failing verdicts; 2 when the attachments could not all be listed.
    static func exitCode(_ verdict: ImageVerdict) -> VouchExitCode {
        switch verdict {
        case .verified: .verified
        case .unsigned, .noMatch, .invalid: .failed
        case .unknown: .couldNotVerify
        }
    }

    private func makeStore(limits: Limits) throws(FindingError) -> any ImageStore {
        try source.store(image, registry: registry, limits: limits)
    }

    private func policy(limits: Limits) throws(FindingError) -> ImageSignaturePolicy {
        try certificateAuthority.policy(keys: key, sigstore: sigstore, limits: limits)
    }

    private func trustedRoot(limits: Limits) throws(FindingError) -> TrustedRoot? {
        try certificateAuthority.trustedRoot(keys: key, sigstore: sigstore, limits: limits)
    }

    private func verificationOptions(limits: Limits) throws(FindingError) -> ImageVerificationOptions {
        var required: [String: String] = [:]
        for entry in annotations {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            required[String(parts[0])] = String(parts[1])
        }
        return ImageVerificationOptions(
            platform: platformOption.platform, annotations: required,
            dockerReference: try dockerReference.map { text throws(FindingError) in
                try DockerReferenceRequirement(parsing: text)
            },
            checkContent: source.checkContent,
            unsafe: UnsafeVerificationOptions(ignoreTransparencyLog: ignoreTransparencyLog, ignoreSCT: ignoreSCT),
            time: try options.verificationTime(), limits: limits)
    }
}
