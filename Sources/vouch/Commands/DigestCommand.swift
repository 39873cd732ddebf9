import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI

extension DigestAlgorithm: ExpressibleByArgument {}

/// `vouch digest FILE…` and `vouch digest --check SUMS`: sha256sum-compatible output and checking.
struct DigestCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "digest",
            abstract: "Print or check file digests (output compatible with sha256sum).",
            discussion: """
                With --check, each line of the file is `HEX  NAME`, `HEX *NAME` or `SHA256 (NAME) = HEX`; the \
                algorithm follows from the length of HEX unless --algorithm is given. Exit 1 when any file does not \
                match, 2 when a file cannot be read or a line is malformed and nothing mismatched.
                """
        )
    }

    @Argument(help: "Files to hash; '-' reads standard input.")
    var files: [String] = []

    @Option(name: .shortAndLong, help: "sha256, sha384 or sha512.")
    var algorithm: DigestAlgorithm?

    @Option(name: .shortAndLong, help: "Check the digests listed in this file instead.")
    var check: String?

    @Flag(help: "Treat each file as an OCI manifest or index and print its digest as a registry computes it.")
    var oci = false

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if check == nil && files.isEmpty { throw ValidationError("name at least one file, or --check SUMS") }
        if check != nil && !files.isEmpty { throw ValidationError("--check takes the file list from SUMS, not arguments") }
        if algorithm == .sha1 { throw ValidationError("sha1 does not name content; use sha256, sha384 or sha512") }
        if oci && check != nil { throw ValidationError("--oci prints digests; it does not combine with --check") }
        if oci, let algorithm, !OCIDigest.algorithms.contains(algorithm) {
            throw ValidationError("OCI content is addressed by sha256 or sha512")
        }
    }

    func run() async throws {
        try await report("digest", options: options) { () throws(FindingError) -> Report in
            if let check { return try checkSums(check) }
            if oci { return manifestDigests() }
            return printDigests()
        }
    }

    private func printDigests() -> Report {
        let chosen = algorithm ?? .sha256
        var report = Report(command: "digest", exitCode: .verified)
        var results: [JSONNode] = []
        for file in files {
            do {
                let digest = try FileDigester.digest(ofFileAt: file, algorithms: [chosen])[0]
                report.lines.append("\(digest.hex)  \(file)")
                results.append(["input": JSONNode(.string(file)), "digest": JSONNode(.string(digest.description))])
            } catch {
                report.findings += error.findings
                report.exitCode = .couldNotVerify
            }
        }
        report.result = JSONNode(.array(results))
        return report
    }

    /// `vouch digest --oci`: the digest of the exact bytes, as a registry names a pushed manifest, after checking
    /// that the file is a manifest or index a registry would accept (never re-serialised: one byte changes it).
    private func manifestDigests() -> Report {
        let chosen = algorithm ?? .sha256
        var report = Report(command: "digest", exitCode: .verified)
        var results: [JSONNode] = []
        for file in files {
            do {
                let bytes = try LocalFile.read(file, maxBytes: Limits.default.maxManifestBytes)
                let manifest = try Manifest.parse(bytes, declaredMediaType: nil, input: file)
                let digest = Digest.of(bytes, using: chosen)
                report.lines.append("\(digest)  \(file)")
                results.append([
                    "input": JSONNode(.string(file)), "digest": JSONNode(.string(digest.description)),
                    "mediaType": JSONNode(.string(manifest.kind.mediaType)), "size": JSONNode(integerLiteral: bytes.count),
                ])
            } catch {
                report.findings += error.findings
                if report.exitCode == .verified { report.exitCode = .couldNotVerify }
                if error.findings.contains(where: { $0.code == .inputTooLarge }) {
                    report.findings.append(Finding(.ociManifestTooLarge,
                        "a registry refuses manifests over \(Limits.default.maxManifestBytes) bytes", input: file))
                }
            }
        }
        report.result = JSONNode(.array(results))
        return report
    }

    private func checkSums(_ path: String) throws(FindingError) -> Report {
        let data = try LocalFile.read(path, maxBytes: Limits.default.maxJSONBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FindingError(.digestCheckLineMalformed, "the check file is not UTF-8 text", input: path)
        }
        var report = Report(command: "digest", exitCode: .verified)
        var results: [JSONNode] = []
        var mismatched = false
        var unreadable = false
        var checked = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let position = TextPosition(line: number + 1, column: 1, byteOffset: 0)
            guard let entry = ChecksumLine(parsing: String(line), algorithm: algorithm) else {
                report.findings.append(Finding(
                    .digestCheckLineMalformed,
                    "line is not 'HEX  NAME' or 'ALGO (NAME) = HEX' with a supported digest length",
                    at: SourceLocation(input: path, position: position)
                ))
                unreadable = true
                continue
            }
            checked += 1
            do {
                let actual = try FileDigester.digest(ofFileAt: entry.name, algorithms: [entry.expected.algorithm])[0]
                let ok = actual == entry.expected
                report.lines.append("\(entry.name): \(ok ? "OK" : "FAILED")")
                if !ok {
                    mismatched = true
                    report.findings.append(Finding(
                        .digestMismatch,
                        "computed digest differs from the listed one",
                        input: entry.name,
                        details: ["expected": entry.expected.description, "actual": actual.description, "listedIn": "\(path):\(number + 1)"]
                    ))
                }
                results.append([
                    "input": JSONNode(.string(entry.name)),
                    "expected": JSONNode(.string(entry.expected.description)),
                    "actual": JSONNode(.string(actual.description)),
                    "ok": JSONNode(.bool(ok)),
                ])
            } catch {
                unreadable = true
                report.lines.append("\(entry.name): FAILED open or read")
                report.findings += error.findings
            }
        }
        if checked == 0 && !unreadable {
            report.findings.append(Finding(.digestCheckLineMalformed, "no digest lines found", input: path))
            unreadable = true
        }
        report.exitCode = mismatched ? .failed : unreadable ? .couldNotVerify : .verified
        report.result = JSONNode(.array(results))
        return report
    }
}

/// One line of a checksum file, in GNU (`HEX  NAME`, `HEX *NAME`) or BSD (`SHA256 (NAME) = HEX`) form.
struct ChecksumLine {
    var expected: Digest
    var name: String

    init?(parsing line: String, algorithm: DigestAlgorithm?) {
        if let open = line.range(of: " ("), let close = line.range(of: ") = ", options: .backwards), open.upperBound <= close.lowerBound {
            let tag = line[..<open.lowerBound].lowercased()
            guard let tagged = DigestAlgorithm(rawValue: tag.replacingOccurrences(of: "-", with: "")), tagged != .sha1,
                algorithm == nil || algorithm == tagged
            else { return nil }
            guard let digest = try? Digest(parsing: "\(tagged.rawValue):\(line[close.upperBound...].lowercased())") else { return nil }
            self.expected = digest
            self.name = String(line[open.upperBound..<close.lowerBound])
            return
        }
        guard let space = line.firstIndex(of: " ") else { return nil }
        let hex = line[..<space].lowercased()
        var rest = line[line.index(after: space)...]
        guard let mode = rest.first, mode == " " || mode == "*" else { return nil }
        rest = rest.dropFirst()
        guard !rest.isEmpty else { return nil }
        let candidates: [DigestAlgorithm] = algorithm.map { [$0] } ?? [.sha256, .sha384, .sha512]
        guard let chosen = candidates.first(where: { $0.hexCount == hex.count }),
            let digest = try? Digest(parsing: "\(chosen.rawValue):\(hex)")
        else { return nil }
        self.expected = digest
        self.name = String(rest)
    }
}

extension FindingCode {
    /// A line of a `--check` file is not in a recognised checksum format.
    static let digestCheckLineMalformed = FindingCode("digest.check-line-malformed")
}
