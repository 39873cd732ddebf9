import VouchCore

/// The payload is a cosign image signature: `critical.type` is `cosign container image signature`.
enum PayloadTypeCheck {
    static func check(_ payload: SimpleSigningPayload) -> [Finding] {
        guard payload.type != SimpleSigningPayload.cosignType else { return [] }
        return [
            Finding(
                .imagePayloadTypeInvalid, "the payload is not a cosign container image signature",
                at: SourceLocation(input: payload.location.input, pointer: ["critical", "type"]),
                details: ["expected": SimpleSigningPayload.cosignType, "actual": payload.type])
        ]
    }
}
