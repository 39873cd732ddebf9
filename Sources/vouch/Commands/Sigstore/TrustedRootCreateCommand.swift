import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// `vouch trusted-root create --fulcio-chain PEM… --rekor-key PEM… [--ctfe-key PEM…] [--tsa-chain PEM…]
/// [--valid-from T] --out F`.
struct TrustedRootCreateCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "create",
            abstract: "Build a trusted_root.json from PEM keys and certificate chains.",
            discussion: """
                Each value is a PEM file, optionally followed by comma-separated settings: url=URL (the service's \
                base URL; required for --rekor-key, whose scheme-less form is the name the log signs checkpoints \
                under), start=RFC3339 and end=RFC3339 (the validity window, a closed interval; start defaults to \
                --valid-from). Chains list the issuing certificate first and the root last. The result uses the \
                v0.2 trusted-root media type and is written as RFC 8785 canonical JSON.
                Example: vouch trusted-root create --fulcio-chain fulcio.pem,url=https://fulcio.example \
                --rekor-key rekor.pub,url=https://rekor.example --ctfe-key ctfe.pub --out trusted_root.json
                """
        )
    }

    @Option(
        name: .long, help: ArgumentHelp("A Fulcio CA chain (repeatable).", valueName: "pem[,url=…,start=…,end=…]"))
    var fulcioChain: [String] = []

    @Option(name: .long, help: ArgumentHelp("A Rekor log key (repeatable).", valueName: "pem,url=…[,start=…,end=…]"))
    var rekorKey: [String] = []

    @Option(name: .long, help: ArgumentHelp("A CT log key (repeatable).", valueName: "pem[,url=…,start=…,end=…]"))
    var ctfeKey: [String] = []

    @Option(
        name: .long, help: ArgumentHelp("A TSA chain, signing certificate first (repeatable).", valueName: "pem[,…]"))
    var tsaChain: [String] = []

    @Option(name: .long, help: "Default start of every validity window (RFC 3339). Default 1970-01-01T00:00:00Z.")
    var validFrom: String?

    @Option(name: .long, help: "Where to write the trusted root.")
    var out: String

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard !fulcioChain.isEmpty || !rekorKey.isEmpty || !tsaChain.isEmpty else {
            throw ValidationError("give at least one --fulcio-chain, --rekor-key or --tsa-chain")
        }
        for entry in fulcioChain + rekorKey + ctfeKey + tsaChain {
            _ = try Entry(entry)
        }
        for entry in rekorKey where try Entry(entry).url == nil {
            throw ValidationError("--rekor-key needs the log's URL: \(entry),url=https://rekor.example.com")
        }
    }

    func run() async throws {
        try await report("trusted-root create", options: options) { () throws(FindingError) -> Report in
            let limits = Limits.default
            let defaultStart =
                try validFrom.map { text throws(FindingError) in
                    try VerificationTime(rfc3339: text, input: "--valid-from")
                } ?? VerificationTime(secondsSinceEpoch: 0)
            var builder = TrustedRootBuilder()
            for text in fulcioChain {
                let entry = try parsed(text)
                builder.certificateAuthorities.append(
                    TrustedRootBuilder.authority(
                        chain: try Certificate.parsePEMChain(
                            try LocalFile.read(entry.path, maxBytes: limits.maxCryptoInputBytes), input: entry.path),
                        uri: entry.url ?? "", validFor: try entry.validity(defaultStart)))
            }
            for text in tsaChain {
                let entry = try parsed(text)
                builder.timestampAuthorities.append(
                    TrustedRootBuilder.authority(
                        chain: try Certificate.parsePEMChain(
                            try LocalFile.read(entry.path, maxBytes: limits.maxCryptoInputBytes), input: entry.path),
                        uri: entry.url ?? "", validFor: try entry.validity(defaultStart)))
            }
            for (texts, isCT) in [(rekorKey, false), (ctfeKey, true)] {
                for text in texts {
                    let entry = try parsed(text)
                    let key = try PublicKey.load(
                        try LocalFile.read(entry.path, maxBytes: limits.maxCryptoInputBytes), input: entry.path)
                    let log = TrustedRootBuilder.log(
                        key: key, url: entry.url ?? "", validFor: try entry.validity(defaultStart))
                    if isCT { builder.ctLogs.append(log) } else { builder.transparencyLogs.append(log) }
                }
            }
            let root = builder.build()
            let bytes = JCS.canonicalBytes(root.json)
            // Read back what was written, so that a root Vouch creates is always one Vouch accepts.
            let reread = try TrustedRoot.parse(bytes, input: out, limits: limits)
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: out))
            } catch {
                throw FindingError(.inputUnreadable, "cannot write: \(error.localizedDescription)", input: out)
            }
            var report = Report(command: "trusted-root create", exitCode: .verified)
            report.lines =
                ["wrote \(out) (sha256:\(reread.fileDigest?.hex ?? ""))"] + TrustedRootShowCommand.describe(reread)
            report.result = ["out": .init(.string(out)), "sha256": .init(.string(reread.fileDigest?.hex ?? ""))]
            return report
        }
    }

    private func parsed(_ text: String) throws(FindingError) -> Entry {
        do {
            return try Entry(text)
        } catch {
            throw FindingError(.sigstoreTrustedRootMalformed, "\(error)", input: text)
        }
    }

    /// `path[,url=URL][,start=T][,end=T]`.
    struct Entry {
        var path: String
        var url: String?
        var start: String?
        var end: String?

        init(_ text: String) throws {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            path = parts[0]
            guard !path.isEmpty else { throw ValidationError("'\(text)' names no file") }
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { throw ValidationError("'\(part)' in '\(text)' is not key=value") }
                switch pair[0] {
                case "url": url = pair[1]
                case "start": start = pair[1]
                case "end": end = pair[1]
                default: throw ValidationError("unknown setting '\(pair[0])' in '\(text)' (url, start, end)")
                }
            }
        }

        func validity(_ defaultStart: VerificationTime) throws(FindingError) -> ValidityPeriod {
            ValidityPeriod(
                start: try start.map { text throws(FindingError) in try VerificationTime(rfc3339: text, input: path) }
                    ?? defaultStart,
                end: try end.map { text throws(FindingError) in try VerificationTime(rfc3339: text, input: path) })
        }
    }
}
