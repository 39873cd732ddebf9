import ArgumentParser
import Foundation
import VouchCore
import VouchJSON
import VouchOCI

/// `vouch oci pull REF --to LAYOUT`: mirror an image into a layout for offline verification.
struct OCIPullCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "pull",
            abstract: "Copy an image from a registry into an OCI image layout, checking every byte.",
            discussion: """
                With --with-signatures, also the cosign .sig/.att/.sbom tags of the image (and of each manifest of \
                an index) and its OCI referrers (the referrers API, or the sha256-<hex> fallback tag). index.json is \
                written only when everything checked out; the tag of the reference becomes the entry's ref.name.
                """
        )
    }

    @Argument(help: "A registry reference.")
    var reference: String

    @Option(help: "The layout directory to create or extend.")
    var to: String

    @Flag(help: "Also copy cosign signatures, attestations and SBOMs, and OCI referrers.")
    var withSignatures = false

    @OptionGroup var platformOption: PlatformOption

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if reference.hasPrefix(LayoutReference.prefix) {
            throw ValidationError("pull reads from a registry; '\(reference)' is a layout")
        }
    }

    func run() async throws {
        let report: Report
        do throws(FindingError) {
            let imageReference = try ImageReference(parsing: reference)
            let client = try registry.client()
            let mirror = ImageMirror(client: client)
            let outcome = try await mirror.pull(
                imageReference, to: to,
                options: ImageMirror.Options(
                    withSignatures: withSignatures, platform: platformOption.platform))
            switch outcome {
            case .verified(let summary, let pullNotes):
                report = Report(
                    command: "oci pull", exitCode: .verified,
                    lines: [
                        "\(summary.digest) \(imageReference) -> \(to) (\(summary.manifests) manifests, "
                            + "\(summary.blobs) blobs, \(summary.bytes) bytes, "
                            + "\(summary.attachedTags.count) cosign tags, "
                            + "\(summary.referrers.count) referrers)"
                    ],
                    findings: pullNotes, result: Self.result(summary, layout: to))
            case .failed(let findings):
                report = Report(command: "oci pull", exitCode: OCIExit.code(for: findings), findings: findings)
            }
        } catch {
            report = OCIExit.report("oci pull", error)
        }
        try Console.emit(report, options: options)
    }

    private static func result(_ summary: PullSummary, layout: String) -> JSONNode {
        [
            "reference": JSONNode(.string(summary.reference.description)),
            "layout": JSONNode(.string(layout)),
            "digest": JSONNode(.string(summary.digest.description)),
            "mediaType": JSONNode(.string(summary.mediaType)),
            "manifests": JSONNode(integerLiteral: summary.manifests),
            "blobs": JSONNode(integerLiteral: summary.blobs),
            "bytes": JSONNode(.number(JSONNumber(Double(summary.bytes)))),
            "downloadedBytes": JSONNode(.number(JSONNumber(Double(summary.downloadedBytes)))),
            "attachedTags": JSONNode(.array(summary.attachedTags.map { JSONNode(.string($0)) })),
            "referrers": JSONNode(.array(summary.referrers.map { JSONNode(.string($0.description)) })),
        ]
    }
}
