import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// `vouch trusted-root show F`: what a trusted root trusts, and when.
struct TrustedRootShowCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "show",
            abstract: "Print what a trusted root trusts and when (validity windows are closed intervals).")
    }

    @Argument(help: "The trusted_root.json.")
    var file: String

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await report("trusted-root show", options: options) { () throws(FindingError) -> Report in
            let root = try TrustedRoot.load(path: file)
            var report = Report(command: "trusted-root show", exitCode: .verified)
            let pinned = root.pinnedName.map { " — \($0)" } ?? ""
            report.lines =
                ["\(file): sha256:\(root.fileDigest?.hex ?? "")\(pinned)", "media type: \(root.mediaType)"]
                + Self.describe(root)
            var result = root.json.value
            if case .object(var object) = result {
                object["sha256"] = .init(.string(root.fileDigest?.hex ?? ""))
                if let name = root.pinnedName { object["pinned"] = .init(.string(name)) }
                result = .object(object)
            }
            report.result = JSONNode(result)
            return report
        }
    }

    static func describe(_ root: TrustedRoot) -> [String] {
        var lines: [String] = []
        func log(_ kind: String, _ log: TransparencyLogInstance) {
            let key = log.publicKey.map(\.kind.description) ?? "unusable key (\(log.keyProblem ?? "unknown"))"
            lines.append(
                "\(kind) \(log.baseURL): \(key), log ID \(Base64.encode(log.logID)), valid \(log.validFor)")
        }
        func authority(_ kind: String, _ authority: CertificateAuthority) {
            lines.append("\(kind) \(authority.name): valid \(authority.validFor)")
            for certificate in authority.certificates {
                lines.append("  \(certificate.subject) [\(certificate.notBefore)..\(certificate.notAfter)]")
            }
        }
        root.transparencyLogs.forEach { log("transparency log", $0) }
        root.certificateAuthorities.forEach { authority("certificate authority", $0) }
        root.ctLogs.forEach { log("CT log", $0) }
        root.timestampAuthorities.forEach { authority("timestamp authority", $0) }
        return lines
    }
}
