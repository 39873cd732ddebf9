import ArgumentParser
import Dispatch
import Foundation
import VouchCore
import VouchSigstore

/// `vouch verify bundle FILE|sha256:HEX --bundle B (--certificate-identity[-regexp] ID
/// --certificate-oidc-issuer[-regexp] ISS | --key PEM) [--trusted-root F]`.
struct VerifyBundleCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "bundle",
            abstract: "Verify a Sigstore bundle offline.",
            discussion: """
                Checks the bundle (v0.1 to v0.3) against a trusted root: RFC 3161 timestamps, transparency log \
                entries (inclusion promise, inclusion proof and checkpoint, binding to the bundle), the signing \
                certificate at every verified time with its SCTs and identity, and the signature over the artifact \
                or the DSSE envelope. Nothing is fetched. The artifact is a file or sha256:HEX; for DSSE bundles it \
                must be a subject of the in-toto statement. Exit 0 verified, 1 failed, 2 could not verify, 64 usage.
                """
        )
    }

    @Argument(help: "The artifact: a file, or sha256:HEX.")
    var artifact: String

    @Option(name: .long, help: "The Sigstore bundle (.sigstore.json).")
    var bundle: String

    @Option(name: .long, help: "Verify with this PEM public key (managed key) instead of a certificate identity.")
    var key: String?

    @OptionGroup var sigstore: SigstoreOptions

    @Option(name: .customLong("repeat"), help: .hidden)
    var repetitions: Int = 1

    @Option(name: .long, help: .hidden)
    var jobs: Int = 1

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        try sigstore.validate(key: key)
        guard repetitions >= 1, jobs >= 1 else { throw ValidationError("--repeat and --jobs must be positive") }
    }

    func run() async throws {
        try await report("verify bundle", options: options) { () throws(FindingError) -> Report in
            let limits = Limits.default
            let root = try sigstore.loadTrustedRoot(limits: limits)
            let policy = try sigstore.policy(key: key, limits: limits)
            let now = try options.verificationTime()
            if repetitions > 1 {
                return try benchmark(root: root, policy: policy, limits: limits, now: now)
            }
            return try BundleVerification.run(
                command: "verify bundle", artifact: artifact, bundlePath: bundle, policy: policy, trustedRoot: root,
                limits: limits, now: now)
        }
    }

    /// Verifies the bundle `--repeat` times on `jobs` threads with one verifier (as a service verifying many bundles
    /// against one trusted root would), reading and parsing the bundle every time; prints the throughput.
    private func benchmark(
        root: TrustedRoot, policy: VerificationPolicy, limits: Limits, now: VerificationTime
    ) throws(FindingError) -> Report {
        let verifier = SigstoreVerifier(trustedRoot: root, limits: limits, now: now)
        let known = root.knownCertificates
        let artifact = Artifact.fromArgument(self.artifact)
        let path = bundle
        let failures = Failures()
        let start = DispatchTime.now()
        let total = repetitions
        let workers = jobs
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < total {
                do {
                    let parsed = try UnverifiedBundle.load(path: path, limits: limits, known: known)
                    if !(try verifier.verify(parsed, artifact: artifact, policy: policy)).isVerified { failures.add() }
                } catch {
                    failures.add()
                }
                index += workers
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let failed = failures.count
        var report = Report(command: "verify bundle", exitCode: failed == 0 ? .verified : .failed)
        report.lines = [
            String(
                format: "verified %d bundles in %.3f s on %d threads: %.0f bundles/s (%d failed)", total, seconds,
                workers, Double(total) / seconds, failed)
        ]
        report.result = [
            "bundles": .init(integerLiteral: total), "seconds": .init(floatLiteral: seconds),
            "jobs": .init(integerLiteral: workers), "failed": .init(integerLiteral: failed),
        ]
        return report
    }
}

/// A failure counter shared by benchmark threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
