import ArgumentParser
import Foundation
import VouchCore
import VouchJSON
import VouchOCI

/// `vouch oci fsck LAYOUT`: check everything an image layout holds.
struct OCIFsckCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "fsck",
            abstract: "Check an OCI image layout: every reachable manifest and blob, by digest and size.",
            discussion: """
                Walks everything reachable from index.json (nested indexes too), hashes every blob, and reports \
                missing, corrupt, size-mismatched and unreferenced blobs, symbolic links that leave the layout and \
                digests that try to. Exit 1 on any defect, 2 when the directory cannot be read.
                """
        )
    }

    @Argument(help: "The layout directory.")
    var layout: String

    @Flag(help: "Report blobs that nothing references as warnings rather than defects.")
    var allowUnreferenced = false

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await report("oci fsck", options: options) { () async throws(FindingError) -> Report in
            let checker = LayoutChecker(options: LayoutChecker.Options(allowUnreferenced: allowUnreferenced))
            let outcome = try await checker.check(layout)
            switch outcome {
            case .verified(let inventory, let notes):
                var report = Report(command: "oci fsck", exitCode: .verified, findings: notes)
                report.lines = [
                    "\(layout): ok (\(inventory.entries.count) entries, \(inventory.manifests) manifests, "
                        + "\(inventory.blobs) blobs, \(inventory.bytes) bytes)"
                ]
                report.result = [
                    "layout": JSONNode(.string(layout)),
                    "entries": JSONNode(.array(inventory.entries.map(Self.entry))),
                    "manifests": JSONNode(integerLiteral: inventory.manifests),
                    "blobs": JSONNode(integerLiteral: inventory.blobs),
                    "bytes": JSONNode(.number(JSONNumber(Double(inventory.bytes)))),
                ]
                return report
            case .failed(let findings):
                let errors = findings.filter { $0.severity == .error }.count
                return Report(
                    command: "oci fsck", exitCode: .failed, lines: ["\(layout): \(errors) defect(s)"],
                    findings: findings,
                    result: ["layout": JSONNode(.string(layout)), "defects": JSONNode(integerLiteral: errors)])
            }
        }
    }

    private static func entry(_ descriptor: Descriptor) -> JSONNode {
        var object: JSONObject = [
            "digest": JSONNode(.string(descriptor.digest.description)),
            "mediaType": JSONNode(.string(descriptor.mediaType)),
            "size": JSONNode(.number(JSONNumber(Double(descriptor.size)))),
        ]
        if let tag = descriptor.refName { object["tag"] = JSONNode(.string(tag)) }
        if let kind = descriptor.annotations[ImageLayout.cosignKindAnnotation] {
            object["kind"] = JSONNode(.string(kind))
        }
        return JSONNode(.object(object))
    }
}
