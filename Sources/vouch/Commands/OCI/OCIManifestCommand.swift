import ArgumentParser
import Foundation
import VouchCore
import VouchJSON
import VouchOCI

/// `vouch oci manifest REF [--raw]`: the manifest a reference names, checked against its digest.
struct OCIManifestCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "manifest",
            abstract: "Print the manifest a reference names, pretty or as its exact bytes (--raw).",
            discussion: "The bytes are checked against the digest before anything is printed."
        )
    }

    @Argument(help: "A registry reference or oci:PATH[:tag|@digest].")
    var reference: String

    @Flag(help: "Print the exact bytes the digest covers, with no added newline.")
    var raw = false

    @OptionGroup var platformOption: PlatformOption

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let resolver = OCIResolver(registry: registry, platform: platformOption.platform)
        let manifest: VerifiedManifest
        do {
            manifest = try await resolver.resolve(reference)
        } catch {
            try Console.emit(OCIExit.report("oci manifest", error), options: options)
        }
        let document: JSONDocument
        do {
            document = try JSONDocument.parse(manifest.bytes, input: reference)
        } catch {
            try Console.emit(OCIExit.report("oci manifest", error), options: options)
        }
        if options.format == .text {
            if raw {
                FileHandle.standardOutput.write(manifest.bytes)
            } else {
                Console.writeOut(PrettyJSON.render(document.root))
            }
            return
        }
        var result = OCIResolver.summary(reference, manifest)
        result["manifest"] = document.root
        try Console.emit(
            Report(command: "oci manifest", exitCode: .verified, result: JSONNode(.object(result))),
            options: options)
    }
}

/// Indented JSON for people: members in source order, two spaces, strings escaped as RFC 8785 does.
enum PrettyJSON {
    static func render(_ node: JSONNode) -> String {
        var out = ""
        write(node, indent: 0, into: &out)
        return out
    }

    private static func write(_ node: JSONNode, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch node.value {
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (offset, member) in object.members.enumerated() {
                out += pad + JCS.canonicalString(JSONNode(.string(member.key))) + ": "
                write(member.value, indent: indent + 1, into: &out)
                out += offset + 1 < object.count ? ",\n" : "\n"
            }
            out += close + "}"
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (offset, element) in elements.enumerated() {
                out += pad
                write(element, indent: indent + 1, into: &out)
                out += offset + 1 < elements.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .number(let number):
            out += number.text
        default:
            out += JCS.canonicalString(node)
        }
    }
}
