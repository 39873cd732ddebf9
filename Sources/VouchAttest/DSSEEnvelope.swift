import Foundation
import VouchCore
import VouchCrypto
import VouchJSON

/// A Dead Simple Signing Envelope (secure-systems-lab/dsse, envelope.md and protocol.md v1.0).
///
/// ```
/// { "payload": "<base64(SERIALIZED_BODY)>",
///   "payloadType": "<PAYLOAD_TYPE>",
///   "signatures": [ { "keyid": "<KEYID, optional hint>", "sig": "<base64(SIGNATURE)>" } ] }
/// SIGNATURE = Sign(PAE(UTF8(PAYLOAD_TYPE), SERIALIZED_BODY))
/// ```
/// Standard and URL-safe base64 are both accepted, as the protocol requires; unknown members are ignored.
/// Nothing here is trusted until ``DSSEVerifier`` has checked it: the type of a verified envelope is
/// ``VerifiedDSSEEnvelope``, and later checks read only its payload.
public struct DSSEEnvelope: Hashable, Sendable {
    public let payloadType: String
    /// The decoded SERIALIZED_BODY.
    public let payload: [UInt8]
    public let signatures: [DSSESignature]
    /// Where the envelope came from, for findings.
    public let location: SourceLocation
    /// Where `payload`, `payloadType` and `signatures` are, with line and column when parsed from text.
    public let memberLocations: [String: SourceLocation]

    /// The payload type of in-toto attestations.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    public init(
        payloadType: String, payload: [UInt8], signatures: [DSSESignature], location: SourceLocation,
        memberLocations: [String: SourceLocation] = [:]
    ) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
        self.location = location
        self.memberLocations = memberLocations
    }

    /// The location of a member (`payload`, `payloadType`, `signatures`), or of the envelope.
    public func location(of member: String) -> SourceLocation {
        memberLocations[member]
            ?? SourceLocation(input: location.input, pointer: (location.pointer ?? .root) / member, position: location.position)
    }

    /// Parses an envelope from JSON bytes.
    public static func parse(_ data: some DataProtocol, input: String, limits: Limits = .default) throws(FindingError)
        -> DSSEEnvelope
    {
        try parse(JSONDocument.parse(data, input: input, limits: limits).cursor)
    }

    /// Parses an envelope from a JSON value (a standalone file, a bundle's `dsseEnvelope`, a `.intoto.jsonl` line).
    public static func parse(_ cursor: JSONCursor) throws(FindingError) -> DSSEEnvelope {
        func malformed(_ error: FindingError) -> FindingError {
            FindingError(error.findings.map { finding in
                var copy = finding
                copy.code = .dsseMalformed
                copy.message = "not a DSSE envelope: " + finding.message
                return copy
            })
        }
        let payloadType: String
        let payloadText: String
        let signatureCursors: [JSONCursor]
        do {
            payloadType = try cursor.required("payloadType").string()
            payloadText = try cursor.required("payload").string()
            signatureCursors = try cursor.required("signatures").array()
        } catch {
            throw malformed(error)
        }
        guard let payload = Base64.decode(payloadText) else {
            throw cursor.required(unchecked: "payload").error(.dsseBase64, "payload is not base64")
        }
        var signatures: [DSSESignature] = []
        for signature in signatureCursors {
            let sigText: String
            let keyID: String?
            do {
                sigText = try signature.required("sig").string()
                keyID = try signature.optional("keyid", nullIsAbsent: true)?.string()
            } catch {
                throw malformed(error)
            }
            guard let bytes = Base64.decode(sigText), !bytes.isEmpty else {
                throw signature.required(unchecked: "sig").error(.dsseBase64, "signature is not non-empty base64")
            }
            signatures.append(DSSESignature(signature: bytes, keyID: keyID, pointer: signature.pointer))
        }
        var members: [String: SourceLocation] = [:]
        for member in ["payload", "payloadType", "signatures"] { members[member] = cursor[member]?.location }
        return DSSEEnvelope(
            payloadType: payloadType, payload: payload, signatures: signatures, location: cursor.location,
            memberLocations: members)
    }

    /// The pre-authentication encoding that is actually signed.
    public var pae: [UInt8] { Self.pae(payloadType: payloadType, payload: payload) }

    /// `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, LEN in ASCII decimal without leading
    /// zeros, lengths in bytes.
    public static func pae(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out = Array("DSSEv1 \(type.count) ".utf8)
        out += type
        out += Array(" \(payload.count) ".utf8)
        out += payload
        return out
    }
}

/// One signature of an envelope.
public struct DSSESignature: Hashable, Sendable {
    public let signature: [UInt8]
    /// An unauthenticated hint; never used for a security decision.
    public let keyID: String?
    /// Pointer to the signature object inside the envelope.
    public let pointer: JSONPointer

    public init(signature: [UInt8], keyID: String?, pointer: JSONPointer) {
        self.signature = signature
        self.keyID = keyID
        self.pointer = pointer
    }
}

extension JSONCursor {
    /// A member known to exist (checked just before); falls back to this cursor so a finding still has a place.
    fileprivate func required(unchecked key: String) -> JSONCursor {
        self[key] ?? self
    }
}
