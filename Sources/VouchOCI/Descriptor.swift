import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

/// A content descriptor: what a manifest, index or layout says about a piece of content it points at.
///
/// ```
/// descriptor = { "mediaType": string, "digest": digest, "size": int64,
///                ? "urls": [string], ? "annotations": { string: string }, ? "data": base64,
///                ? "artifactType": string, ? "platform": platform }       ; image-spec descriptor.md
/// ```
/// Parsing refuses a digest that is not sha256 or sha512 in strict lowercase form, and refuses a digest that tries
/// to leave the blob directory before anything else looks at it, so a parsed descriptor is safe to turn into a path.
public struct Descriptor: Hashable, Sendable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var urls: [String]
    public var annotations: [String: String]
    /// Embedded content, already checked against ``digest`` and ``size`` when parsed.
    public var data: [UInt8]?
    public var artifactType: String?
    public var platform: Platform?

    public init(
        mediaType: String,
        digest: Digest,
        size: Int64,
        urls: [String] = [],
        annotations: [String: String] = [:],
        data: [UInt8]? = nil,
        artifactType: String? = nil,
        platform: Platform? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.data = data
        self.artifactType = artifactType
        self.platform = platform
    }

    /// `org.opencontainers.image.ref.name`: the tag of a layout's `index.json` entry.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    /// The layout tag of this entry, if it has one.
    public var refName: String? { annotations[Self.refNameAnnotation] }

    /// Reads a descriptor, checking the digest (algorithm, form, no path escape), the size and embedded data.
    public static func parse(_ cursor: JSONCursor) throws(FindingError) -> Descriptor {
        let mediaType = try cursor.required("mediaType").string()
        let digest = try OCIDigest.parse(try cursor.required("digest"))
        let sizeCursor = try cursor.required("size")
        let size = try sizeCursor.int()
        guard size >= 0 else {
            throw sizeCursor.error(
                .ociDescriptorInvalid, "a descriptor's size cannot be negative", details: ["size": String(size)])
        }
        var descriptor = Descriptor(mediaType: mediaType, digest: digest, size: size)
        if let urls = try cursor.optional("urls") {
            descriptor.urls = try urls.array().map { (url) throws(FindingError) -> String in try url.string() }
        }
        if let annotations = try cursor.optional("annotations") {
            descriptor.annotations = try Self.annotations(annotations)
        }
        descriptor.artifactType = try cursor.optional("artifactType")?.string()
        if let platform = try cursor.optional("platform") {
            descriptor.platform = try Platform.parse(platform)
        }
        if let data = try cursor.optional("data") {
            let text = try data.string()
            guard let bytes = Data(base64Encoded: text) else {
                throw data.error(.ociDescriptorDataMismatch, "embedded data is not base64")
            }
            let actual = Digest.of(bytes, using: digest.algorithm)
            guard bytes.count == size, actual == digest else {
                throw data.error(
                    .ociDescriptorDataMismatch, "embedded data does not match the descriptor's digest and size",
                    details: [
                        "expected": digest.description, "actual": actual.description,
                        "expectedSize": String(size), "actualSize": String(bytes.count),
                    ])
            }
            descriptor.data = Array(bytes)
        }
        if MediaType.essence(of: mediaType) == MediaType.ociEmpty,
            digest != EmptyDescriptor.digest || size != EmptyDescriptor.size
        {
            throw cursor.error(
                .ociDescriptorEmptyInvalid,
                "an empty descriptor must name the two-byte blob {}",
                details: [
                    "expected": EmptyDescriptor.digest.description, "actual": digest.description, "size": String(size),
                ]
            )
        }
        return descriptor
    }

    /// Reads an `annotations` object: string values only.
    static func annotations(_ cursor: JSONCursor) throws(FindingError) -> [String: String] {
        var result: [String: String] = [:]
        for member in try cursor.members() {
            result[member.key] = try member.value.string()
        }
        return result
    }

    /// The JSON form, members in the specification's order, for writing `index.json`.
    public var json: JSONNode {
        var object: JSONObject = [
            "mediaType": JSONNode(.string(mediaType)),
            "digest": JSONNode(.string(digest.description)),
            "size": JSONNode(.number(JSONNumber(Double(size)))),
        ]
        if let artifactType { object["artifactType"] = JSONNode(.string(artifactType)) }
        if !urls.isEmpty { object["urls"] = JSONNode(.array(urls.map { JSONNode(.string($0)) })) }
        if let data { object["data"] = JSONNode(.string(Data(data).base64EncodedString())) }
        if let platform { object["platform"] = platform.json }
        if !annotations.isEmpty {
            object["annotations"] = JSONNode(
                .object(
                    JSONObject(
                        annotations.sorted { $0.key < $1.key }.map {
                            JSONMember(key: $0.key, value: JSONNode(.string($0.value)))
                        })))
        }
        return JSONNode(.object(object))
    }
}
