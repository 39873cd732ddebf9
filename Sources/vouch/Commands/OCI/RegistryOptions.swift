import ArgumentParser
import Foundation
import VouchCore
import VouchNet
import VouchOCI

/// Options of every command that reads registries.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .customLong("insecure-registry"),
        help: ArgumentHelp(
            "Speak plain HTTP to this registry (HOST:PORT, repeatable). Content can be altered on the way.",
            valueName: "host:port"))
    var insecureRegistries: [String] = []

    func validate() throws {
        for entry in insecureRegistries {
            guard let colon = entry.lastIndex(of: ":"), let port = Int(entry[entry.index(after: colon)...]),
                (1...65535).contains(port), colon > entry.startIndex
            else {
                throw ValidationError(
                    "--insecure-registry takes HOST:PORT (write :80 for the default port), got '\(entry)'")
            }
        }
    }

    /// The registry client over the libcurl fetcher, with credentials from the docker configuration (credential
    /// helpers are run when a registry asks for credentials).
    func client(limits: Limits = .default) throws(FindingError) -> RegistryClient {
        let credentials = try RegistryCredentials.load(environment: ProcessInfo.processInfo.environment)
        let hosts = Set(insecureRegistries.map { $0.lowercased() })
        let fetcher = try CurlFetcher(configuration: CurlFetcherConfiguration(limits: limits, insecureHosts: hosts))
        let client = RegistryClient(
            fetcher: fetcher,
            configuration: RegistryConfiguration(limits: limits, insecureRegistries: hosts, credentials: credentials))
        return client
    }
}

/// Exit codes for OCI findings: content that contradicts its digest or size is a failed check (1); anything
/// else that stopped the check is "could not check" (2).
enum OCIExit {
    static let defectCodes: Set<FindingCode> = [
        .ociManifestDigestMismatch, .ociManifestSizeMismatch, .ociBlobDigestMismatch, .ociBlobSizeMismatch,
        .ociRegistryDigestHeaderMismatch, .ociDescriptorDataMismatch, .ociDescriptorPathEscape,
        .ociLayoutSymlinkEscape, .ociReferrersSubjectMismatch, .ociMediaTypeMismatch, .ociDescriptorEmptyInvalid,
        .ociBlobMissing, .ociManifestMissing, .ociBlobUnreferenced,
    ]

    static func code(for findings: [Finding]) -> VouchExitCode {
        if findings.contains(where: { $0.code == .ociReferenceInvalid }) { return .usage }
        let errors = findings.filter { $0.severity == .error }
        return errors.contains(where: { defectCodes.contains($0.code) }) ? .failed : .couldNotVerify
    }

    /// A report for a thrown error, with the exit code its findings call for.
    static func report(_ command: String, _ error: FindingError) -> Report {
        Report(command: command, exitCode: code(for: error.findings), findings: error.findings)
    }
}
