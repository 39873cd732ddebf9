import VouchCore
import VouchJSON

/// The platform an image runs on, from an index entry or from `--platform os/arch[/variant]`.
///
/// ```
/// platform = { "architecture": string, "os": string, ? "os.version": string, ? "os.features": [string],
///              ? "variant": string, ? "features": [string] }          ; image-spec image-index.md
/// ```
public struct Platform: Hashable, Sendable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?
    public var osVersion: String?
    public var osFeatures: [String]

    public init(
        os: String, architecture: String, variant: String? = nil, osVersion: String? = nil, osFeatures: [String] = []
    ) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    /// Parses `os/arch` or `os/arch/variant`, as `docker --platform` takes it; `nil` when malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let allowed: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-"
        }
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed) })
        else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// Reads a descriptor's `platform` object.
    public static func parse(_ cursor: JSONCursor) throws(FindingError) -> Platform {
        var platform = Platform(
            os: try cursor.required("os").string(),
            architecture: try cursor.required("architecture").string()
        )
        platform.variant = try cursor.optional("variant")?.string()
        platform.osVersion = try cursor.optional("os.version")?.string()
        if let features = try cursor.optional("os.features") {
            platform.osFeatures = try features.array().map { (item) throws(FindingError) -> String in try item.string()
            }
        }
        return platform
    }

    /// Whether an index entry's platform satisfies this requested one. A requested variant must match; `arm64`
    /// without a variant is `arm64/v8`, and a request without a variant takes any.
    public func isSatisfied(by candidate: Platform) -> Bool {
        guard os == candidate.os, architecture == candidate.architecture else { return false }
        guard let wanted = variant else { return true }
        return wanted == (candidate.variant ?? Self.defaultVariant(of: candidate.architecture))
    }

    private static func defaultVariant(of architecture: String) -> String? {
        architecture == "arm64" ? "v8" : nil
    }

    /// `os/architecture[/variant]`.
    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }

    /// The JSON form written into descriptors.
    public var json: JSONNode {
        var object: JSONObject = ["architecture": JSONNode(.string(architecture)), "os": JSONNode(.string(os))]
        if let variant { object["variant"] = JSONNode(.string(variant)) }
        if let osVersion { object["os.version"] = JSONNode(.string(osVersion)) }
        if !osFeatures.isEmpty { object["os.features"] = JSONNode(.array(osFeatures.map { JSONNode(.string($0)) })) }
        return JSONNode(.object(object))
    }
}
