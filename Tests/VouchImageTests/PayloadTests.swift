import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI
import VouchTestSupport

@testable import VouchImage

/// The simple-signing payload, the reference and annotation requirements, and the shape of signature bytes.
@Suite("payloads and requirements")
struct PayloadTests {
    static let location = SourceLocation(input: "payload")
    static let digest = "sha256:" + String(repeating: "ab", count: 32)
    /// A valid `critical.image` member, for the refused payloads.
    static let image = #"{"docker-manifest-digest":"d"}"#

    static func parse(_ text: String) -> Result<SimpleSigningPayload, FindingError> {
        do {
            return .success(try SimpleSigningPayload.parse(Array(text.utf8), at: location))
        } catch {
            return .failure(error)
        }
    }

    @Test("cosign's payload, member names in any ASCII case as Go reads them")
    func accepted() throws {
        let text = """
            {"critical":{"Identity":{"docker-reference":"r.test/app"},
            "image":{"Docker-manifest-digest":"\(Self.digest)"},
            "TYPE":"cosign container image signature"},"optional":{"creator":"me","n":1,"ok":true}}
            """
        let payload = try Self.parse(text).get()
        #expect(payload.dockerReference == "r.test/app" && payload.dockerManifestDigest == Self.digest)
        #expect(payload.optional == ["creator": "me", "n": "1", "ok": "true"])
        #expect(
            try Self.parse(
                #"{"critical":{"identity":{"docker-reference":""},"image":{"docker-manifest-digest":""},"type":""},"#
                    + #""optional":null}"#
            ).get().optional.isEmpty)
    }

    @Test(
        "refused: unknown or repeated critical members, missing parts, wrong types, not JSON",
        arguments: [
            #"{"critical":{"identity":{"docker-reference":"a"},"image":\#(image),"type":"t","x":1}}"#,
            #"{"critical":{"identity":{"docker-reference":"a","extra":"b"},"image":\#(image),"type":"t"}}"#,
            #"{"critical":{"identity":{"docker-reference":"a"},"image":\#(image),"type":"t","Type":"u"}}"#,
            #"{"critical":{"identity":{"docker-reference":"a"},"type":"t"}}"#,
            #"{"critical":{"identity":{"docker-reference":1},"image":\#(image),"type":"t"}}"#,
            #"{"critical":{"identity":{"docker-reference":"a"},"image":\#(image),"type":"t"},"optional":[]}"#,
            #"{"optional":{}}"#, "not json",
        ])
    func refused(_ text: String) {
        guard case .failure(let error) = Self.parse(text) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(error.code == .imagePayloadMalformed)
    }

    @Test("--docker-reference: normalised repositories, a tag when given, never a digest")
    func dockerReference() throws {
        let alpine = try DockerReferenceRequirement(parsing: "alpine")
        #expect(alpine.isSatisfied(by: "docker.io/library/alpine:3.20"))
        #expect(alpine.isSatisfied(by: "index.docker.io/library/alpine"))
        #expect(!alpine.isSatisfied(by: "docker.io/evil/alpine"))
        #expect(!alpine.isSatisfied(by: "not a reference"))
        let tagged = try DockerReferenceRequirement(parsing: "r.test:5000/app:1.0")
        #expect(tagged.isSatisfied(by: "r.test:5000/app:1.0") && !tagged.isSatisfied(by: "r.test:5000/app"))
        #expect(!tagged.isSatisfied(by: "r.test:5000/app:1.1"))
        #expect(findingCode { try DockerReferenceRequirement(parsing: "app@\(Self.digest)") } == .ociReferenceInvalid)
        let finding = DockerReferenceCheck.check(nil, requirement: alpine, at: Self.location)
        #expect(finding.first?.code == .imagePayloadReferenceMismatch && finding.first?.details["actual"] == "(none)")
        #expect(DockerReferenceCheck.check("x", requirement: nil, at: Self.location).isEmpty)
    }

    @Test("-a key=value: exact values, numbers as their JSON text, each missing one reported")
    func annotations() {
        let signed = ["release": "1.0", "n": "1"]
        #expect(AnnotationCheck.check(signed, required: ["release": "1.0", "n": "1"], at: Self.location).isEmpty)
        let failures = AnnotationCheck.check(signed, required: ["release": "1", "team": "x"], at: Self.location)
        #expect(failures.map(\.code) == [.imagePayloadAnnotationMismatch, .imagePayloadAnnotationMismatch])
        #expect(failures.map { $0.details["key"] } == ["release", "team"])
        #expect(failures[1].details["actual"] == "(absent)")
    }

    @Test("signature shapes: DER ECDSA of the curve's size, RSA modulus length, 64 bytes for Ed25519")
    func shapes() throws {
        let message = Array("payload".utf8)
        for kind in [KeyKind.ecP256, .ecP384, .ed25519, .rsa(bits: 2048)] {
            let key = try PrivateKey.generate(kind)
            let algorithm: SignatureAlgorithm =
                switch kind {
                case .ed25519: .ed25519
                case .rsa: .rsaPKCS1v15(.sha256)
                default: .ecdsa(.sha256, encoding: .der)
                }
            let signature = try key.signature(for: message, using: algorithm)
            #expect(SignatureEncodingCheck.fits(signature, key.publicKey), "\(kind)")
            #expect(!SignatureEncodingCheck.fits(Array(signature.dropLast()), key.publicKey), "\(kind) truncated")
            #expect(!SignatureEncodingCheck.fits(signature + [0], key.publicKey), "\(kind) padded")
            let findings = SignatureEncodingCheck.check(
                Array(signature.dropLast()), keys: [key.publicKey], at: Self.location)
            #expect(findings.map(\.code) == [.imageSignatureMalformed])
        }
    }
}
