import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchTestSupport

@testable import VouchAttest

/// Builds an uncompressed P-256 SubjectPublicKeyInfo from decimal coordinates.
func p256Key(x: String, y: String) throws -> PublicKey {
    func bytes(_ decimal: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for digit in decimal.utf8 {
            var carry = Int(digit - 0x30)
            for index in stride(from: 31, through: 0, by: -1) {
                let value = Int(out[index]) * 10 + carry
                out[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
        }
        return out
    }
    let prefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A, 0x86, 0x48,
        0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
    ]
    return try PublicKey(der: prefix + bytes(x) + bytes(y), input: "vector")
}

func envelopeJSON(payloadType: String, payload: [UInt8], signatures: [(sig: [UInt8], keyid: String?)]) -> [UInt8] {
    let node: JSONNode = [
        "payloadType": JSONNode(.string(payloadType)),
        "payload": JSONNode(.string(Base64.encode(payload))),
        "signatures": JSONNode(.array(signatures.map { signature in
            var object: JSONObject = ["sig": JSONNode(.string(Base64.encode(signature.sig)))]
            if let keyid = signature.keyid { object["keyid"] = JSONNode(.string(keyid)) }
            return JSONNode(.object(object))
        })),
    ]
    return JCS.canonicalBytes(node)
}

@Suite("DSSE envelopes")
struct DSSETests {
    @Test("the protocol's published test vector: PAE bytes and the ECDSA P-256 signature")
    func publishedVector() throws {
        let pae = DSSEEnvelope.pae(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        let key = try p256Key(
            x: "46950820868899156662930047687818585632848591499744589407958293238635476079160",
            y: "5640078356564379163099075877009565129882514886557779369047442380624545832820")
        let envelope = try DSSEEnvelope.parse(
            Data(#"{"payload": "aGVsbG8gd29ybGQ=", "payloadType": "http://example.com/HelloWorld", "signatures": [{"sig": "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="}]}"#.utf8),
            input: "vector")
        #expect(envelope.pae == pae)
        let verifier = DSSEVerifier(keys: [DSSEKey(key)], acceptedPayloadTypes: ["http://example.com/HelloWorld"])
        let outcome = verifier.verify(envelope)
        #expect(outcome.isVerified, "\(outcome.findings)")
        #expect(outcome.value?.payload == Array("hello world".utf8))
    }

    @Test("lengths in the PAE are byte lengths")
    func paeByteLengths() {
        let pae = DSSEEnvelope.pae(payloadType: "t/é", payload: Array("€".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 4 t/é 3 €")
    }

    @Test("URL-safe base64 is accepted and unknown members are ignored")
    func lenientWhereTheSpecSays() throws {
        let key = try PrivateKey.generate(.ed25519)
        let payload: [UInt8] = [0xFB, 0xFF, 0xFE, 0x3E, 0x3F]  // encodes with + and / (or - and _)
        let signature = try key.signature(
            for: DSSEEnvelope.pae(payloadType: DSSEEnvelope.inTotoPayloadType, payload: payload), using: .ed25519)
        let text = """
            {"payloadType": "application/vnd.in-toto+json", "payload": "\(Base64.encode(payload, urlSafe: true, padding: false))",
             "signatures": [{"sig": "\(Base64.encode(signature, urlSafe: true))", "keyid": "whatever", "extra": 1}],
             "unknown": {"nested": true}}
            """
        let envelope = try DSSEEnvelope.parse(Data(text.utf8), input: "e")
        #expect(DSSEVerifier(keys: [DSSEKey(key.publicKey)]).verify(envelope).isVerified)
    }

    @Test(
        "malformed envelopes give their codes and pointers",
        arguments: [
            (#"{"payload": "aGk=", "signatures": []}"#, FindingCode.dsseMalformed, "" as String),
            (#"{"payloadType": 1, "payload": "aGk=", "signatures": []}"#, .dsseMalformed, "/payloadType"),
            (#"{"payloadType": "t", "payload": "a*k=", "signatures": []}"#, .dsseBase64, "/payload"),
            (#"{"payloadType": "t", "payload": "aGk=", "signatures": [{"sig": "%%"}]}"#, .dsseBase64, "/signatures/0/sig"),
            (#"{"payloadType": "t", "payload": "aGk=", "signatures": [{"keyid": "k"}]}"#, .dsseMalformed, "/signatures/0"),
            (#"{"payloadType": "t", "payload": "aGk=", "signatures": {}}"#, .dsseMalformed, "/signatures"),
            (#"[1]"#, .dsseMalformed, ""),
        ]
    )
    func malformed(_ sample: (String, FindingCode, String)) {
        do {
            _ = try DSSEEnvelope.parse(Data(sample.0.utf8), input: "e")
            Issue.record("accepted \(sample.0)")
        } catch {
            #expect(error.code == sample.1)
            #expect(error.findings[0].location.pointer?.description == sample.2)
        }
    }
}

@Suite("DSSE thresholds and negatives")
struct DSSEThresholdTests {
    let keys: [PrivateKey]
    let payload = Array(#"{"_type":"https://in-toto.io/Statement/v1"}"#.utf8)

    init() throws {
        keys = [try PrivateKey.generate(.ecP256), try PrivateKey.generate(.ecP384), try PrivateKey.generate(.ed25519)]
    }

    private func sign(_ key: PrivateKey, _ message: [UInt8]) throws -> [UInt8] {
        switch key.kind {
        case .ecP256: try key.signature(for: message, using: .ecdsa(.sha256, encoding: .der))
        case .ecP384: try key.signature(for: message, using: .ecdsa(.sha384, encoding: .der))
        default: try key.signature(for: message, using: .ed25519)
        }
    }

    private func envelope(_ signatures: [(sig: [UInt8], keyid: String?)], type: String = DSSEEnvelope.inTotoPayloadType)
        throws -> DSSEEnvelope
    {
        try DSSEEnvelope.parse(envelopeJSON(payloadType: type, payload: payload, signatures: signatures), input: "e")
    }

    private var pae: [UInt8] { DSSEEnvelope.pae(payloadType: DSSEEnvelope.inTotoPayloadType, payload: payload) }

    private func verifier(threshold: Int) -> DSSEVerifier {
        DSSEVerifier(keys: keys.map { DSSEKey($0.publicKey) }, threshold: threshold)
    }

    @Test("two distinct keys meet a threshold of two, not of three")
    func threshold() throws {
        let two = try envelope([(try sign(keys[0], pae), nil), (try sign(keys[2], pae), "hint")])
        #expect(verifier(threshold: 2).verify(two).value?.acceptedKeyIDs.count == 2)
        let outcome = verifier(threshold: 3).verify(two)
        #expect(!outcome.isVerified)
        #expect(outcome.findings.map(\.code).contains(.dsseThresholdNotMet))
    }

    @Test("a repeated signature counts once")
    func duplicates() throws {
        let signature = try sign(keys[1], pae)
        let outcome = verifier(threshold: 2).verify(try envelope([(signature, "a"), (signature, "b")]))
        #expect(!outcome.isVerified)
        #expect(outcome.findings.map(\.code) == [.dsseThresholdNotMet])
    }

    @Test("a wrong keyid hint does not stop a valid signature, and is not needed")
    func keyIDIsAHint() throws {
        #expect(verifier(threshold: 1).verify(try envelope([(try sign(keys[0], pae), "not-this-key")])).isVerified)
    }

    @Test("no signatures, a signature over the raw payload, a wrong key, a changed payload type: all fail")
    func negatives() throws {
        #expect(verifier(threshold: 1).verify(try envelope([])).findings.map(\.code) == [.dsseNoSignatures])

        let overRawPayload = verifier(threshold: 1).verify(try envelope([(try sign(keys[0], payload), nil)]))
        #expect(overRawPayload.findings.map(\.code) == [.dsseSignatureInvalid, .dsseThresholdNotMet])

        let stranger = try PrivateKey.generate(.ecP256)
        #expect(!verifier(threshold: 1).verify(try envelope([(try sign(stranger, pae), nil)])).isVerified)

        let retyped = verifier(threshold: 1).verify(try envelope([(try sign(keys[0], pae), nil)], type: "application/json"))
        #expect(retyped.findings.map(\.code).contains(.dssePayloadTypeUnsupported))
        #expect(retyped.findings.map(\.code).contains(.dsseThresholdNotMet))
    }

    @Test("flipping any byte of the signed payload never verifies")
    func payloadMutation() throws {
        let signature = try sign(keys[2], pae)
        for index in payload.indices {
            var mutated = payload
            mutated[index] ^= 0x01
            let json = envelopeJSON(payloadType: DSSEEnvelope.inTotoPayloadType, payload: mutated, signatures: [(signature, nil)])
            #expect(!verifier(threshold: 1).verify(try DSSEEnvelope.parse(json, input: "m")).isVerified)
        }
    }
}
