import ArgumentParser
import VouchOCI

/// `--platform os/arch[/variant]`, shared by every command that picks one child of an image index.
struct PlatformOption: ParsableArguments {
    @Option(name: .customLong("platform"), help: "From an index, select the manifest for this platform (os/arch[/variant]).")
    var text: String?

    /// The parsed platform, or `nil` when none was asked for (validated already).
    var platform: Platform? { text.flatMap(Platform.init(parsing:)) }

    func validate() throws {
        if let text, Platform(parsing: text) == nil {
            throw ValidationError("--platform takes os/arch[/variant] in lowercase, got '\(text)'")
        }
    }
}
