import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

/// A Sigstore `trusted_root.json` (protobuf-specs `TrustedRoot`): the keys and certificates verification rests on.
///
/// ```
/// TrustedRoot = { "mediaType": "application/vnd.dev.sigstore.trustedroot.v0.2+json"
///                            | "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
///                 "tlogs": [TransparencyLogInstance], "certificateAuthorities": [CertificateAuthority],
///                 "ctlogs": [TransparencyLogInstance], "timestampAuthorities": [CertificateAuthority] }
/// ```
/// Parsing is strict about what verification relies on: every key and certificate must decode, every log key needs
/// `validFor.start`, and windows must not end before they start. Lists keep historic instances; windows may overlap.
public struct TrustedRoot: Sendable {
    /// The media type producers must use.
    public static let mediaTypeV02 = "application/vnd.dev.sigstore.trustedroot.v0.2+json"
    /// The older spelling, still accepted.
    public static let mediaTypeV01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1"

    public let mediaType: String
    public let transparencyLogs: [TransparencyLogInstance]
    public let certificateAuthorities: [CertificateAuthority]
    public let ctLogs: [TransparencyLogInstance]
    public let timestampAuthorities: [CertificateAuthority]
    /// SHA-256 of the file it was read from, or `nil` for a root built in code.
    public let fileDigest: Digest?

    public init(
        mediaType: String = TrustedRoot.mediaTypeV02, transparencyLogs: [TransparencyLogInstance],
        certificateAuthorities: [CertificateAuthority], ctLogs: [TransparencyLogInstance],
        timestampAuthorities: [CertificateAuthority], fileDigest: Digest? = nil
    ) {
        self.mediaType = mediaType
        self.transparencyLogs = transparencyLogs
        self.certificateAuthorities = certificateAuthorities
        self.ctLogs = ctLogs
        self.timestampAuthorities = timestampAuthorities
        self.fileDigest = fileDigest
    }

    /// Parses a trusted root.
    ///
    /// - Throws: `sigstore.trusted-root.media-type-unsupported`, `sigstore.trusted-root.validity-start-missing`,
    ///   `sigstore.trusted-root.malformed`, or a `json.*` finding, each with the JSON pointer.
    public static func parse(
        _ data: some DataProtocol, input: String, limits: Limits = .default
    ) throws(FindingError) -> TrustedRoot {
        let bytes = Array(data)
        let document = try JSONDocument.parse(bytes, input: input, limits: limits)
        let root = document.cursor
        _ = try root.object()
        let mediaTypeCursor = try ProtoJSON.required(root, "mediaType")
        let mediaType = try mediaTypeCursor.string()
        guard mediaType == mediaTypeV01 || mediaType == mediaTypeV02 else {
            throw mediaTypeCursor.error(
                .sigstoreTrustedRootMediaType, "'\(mediaType)' is not a trusted-root media type Vouch reads",
                details: ["actual": mediaType, "supported": "\(mediaTypeV02), \(mediaTypeV01)"])
        }
        return TrustedRoot(
            mediaType: mediaType,
            transparencyLogs: try list(root, "tlogs") { cursor throws(FindingError) in try log(cursor) },
            certificateAuthorities: try list(root, "certificateAuthorities") { cursor throws(FindingError) in
                try authority(cursor)
            },
            ctLogs: try list(root, "ctlogs") { cursor throws(FindingError) in try log(cursor) },
            timestampAuthorities: try list(root, "timestampAuthorities") { cursor throws(FindingError) in
                try authority(cursor)
            },
            fileDigest: Digest.of(bytes, using: .sha256))
    }

    /// Reads a trusted root file.
    public static func load(path: String, limits: Limits = .default) throws(FindingError) -> TrustedRoot {
        try parse(try LocalFile.read(path, maxBytes: limits.maxJSONBytes), input: path, limits: limits)
    }

    /// The transparency log a bundle entry names by log ID.
    public func transparencyLog(id: [UInt8]) -> TransparencyLogInstance? {
        transparencyLogs.first { $0.logID == id }
    }

    /// The CT log an SCT names by log ID.
    public func ctLog(id: [UInt8]) -> TransparencyLogInstance? {
        ctLogs.first { $0.logID == id }
    }

    private static func list<T>(
        _ root: JSONCursor, _ key: String, _ element: (JSONCursor) throws(FindingError) -> T
    ) throws(FindingError) -> [T] {
        guard let array = try ProtoJSON.field(root, key) else { return [] }
        var result: [T] = []
        for item in try array.array() {
            result.append(try element(item))
        }
        return result
    }

    private static func log(_ cursor: JSONCursor) throws(FindingError) -> TransparencyLogInstance {
        let baseURL = try ProtoJSON.field(cursor, "baseUrl")?.string() ?? ""
        let hashAlgorithm = try ProtoJSON.field(cursor, "hashAlgorithm")?.string() ?? "SHA2_256"
        let keyCursor = try ProtoJSON.required(cursor, "publicKey")
        let rawCursor = try ProtoJSON.required(keyCursor, "rawBytes")
        let rawKey = try ProtoJSON.bytes(rawCursor, code: .sigstoreTrustedRootMalformed)
        let keyDetails = try ProtoJSON.field(keyCursor, "keyDetails")?.string() ?? ""
        let validFor = try validity(ProtoJSON.field(keyCursor, "validFor"), at: keyCursor, startRequired: true)
        var publicKey: PublicKey? = nil
        var keyProblem: String? = nil
        do {
            publicKey =
                keyDetails.hasPrefix("PKCS1_")
                ? try PublicKey(pkcs1RSA: rawKey, input: cursor.input)
                : try PublicKey(der: rawKey, input: cursor.input)
        } catch {
            guard error.code == .cryptoKeyUnsupported || error.code == .cryptoKeyTooWeak else {
                throw rawCursor.error(
                    .sigstoreTrustedRootMalformed, "the log key cannot be read: \(error.findings[0].message)",
                    details: ["cause": error.code.rawValue])
            }
            keyProblem = error.findings[0].message
        }
        let logID: [UInt8]
        if let idCursor = try ProtoJSON.field(cursor, "logId") {
            logID = try ProtoJSON.bytes(ProtoJSON.required(idCursor, "keyId"), code: .sigstoreTrustedRootMalformed)
        } else if let publicKey {
            logID = publicKey.keyID.bytes
        } else {
            throw cursor.error(.sigstoreTrustedRootMalformed, "the log has neither a log ID nor a usable key")
        }
        var checkpointKeyID: [UInt8]? = nil
        if let idCursor = try ProtoJSON.field(cursor, "checkpointKeyId") {
            checkpointKeyID = try ProtoJSON.bytes(
                ProtoJSON.required(idCursor, "keyId"), code: .sigstoreTrustedRootMalformed)
        }
        return TransparencyLogInstance(
            baseURL: baseURL, hashAlgorithm: hashAlgorithm, rawKey: rawKey, keyDetails: keyDetails,
            publicKey: publicKey, keyProblem: keyProblem, validFor: validFor, logID: logID,
            checkpointKeyID: checkpointKeyID, operatorName: try ProtoJSON.field(cursor, "operator")?.string())
    }

    private static func authority(_ cursor: JSONCursor) throws(FindingError) -> CertificateAuthority {
        let subject = try ProtoJSON.field(cursor, "subject")
        let chainCursor = try ProtoJSON.required(try ProtoJSON.required(cursor, "certChain"), "certificates")
        var certificates: [Certificate] = []
        for item in try chainCursor.array() {
            let raw = try ProtoJSON.required(item, "rawBytes")
            let der = try ProtoJSON.bytes(raw, code: .sigstoreTrustedRootMalformed)
            certificates.append(
                try ProtoJSON.located(raw) { () throws(FindingError) in
                    try Certificate(der: der, input: cursor.input)
                })
        }
        guard !certificates.isEmpty else {
            throw chainCursor.error(.sigstoreTrustedRootMalformed, "an authority needs at least one certificate")
        }
        var organization = ""
        var commonName = ""
        if let subject {
            organization = try ProtoJSON.field(subject, "organization")?.string() ?? ""
            commonName = try ProtoJSON.field(subject, "commonName")?.string() ?? ""
        }
        return CertificateAuthority(
            organization: organization,
            commonName: commonName,
            uri: try ProtoJSON.field(cursor, "uri")?.string() ?? "",
            certificates: certificates,
            validFor: try validity(ProtoJSON.field(cursor, "validFor"), at: cursor, startRequired: false),
            operatorName: try ProtoJSON.field(cursor, "operator")?.string())
    }

    private static func validity(
        _ cursor: JSONCursor?, at parent: JSONCursor, startRequired: Bool
    ) throws(FindingError) -> ValidityPeriod {
        var start: JSONCursor? = nil
        var end: JSONCursor? = nil
        if let cursor {
            start = try ProtoJSON.field(cursor, "start")
            end = try ProtoJSON.field(cursor, "end")
        }
        guard start != nil || !startRequired else {
            throw (cursor ?? parent).error(
                .sigstoreRootValidityStartMissing,
                "the key has no validFor.start; a log key without a start is invalid")
        }
        var period = ValidityPeriod.unbounded
        if let start { period.start = try ProtoJSON.timestamp(start, code: .sigstoreTrustedRootMalformed) }
        if let end { period.end = try ProtoJSON.timestamp(end, code: .sigstoreTrustedRootMalformed) }
        if let from = period.start, let until = period.end, until < from {
            throw (cursor ?? parent).error(
                .sigstoreTrustedRootMalformed, "validFor ends before it starts", details: period.details)
        }
        return period
    }
}
