import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchJSON
import VouchOCI
import VouchTestSupport

@Suite("content model")
struct ManifestTests {
    static let digest = "sha256:" + String(repeating: "a", count: 64)

    static func manifest(
        _ extra: String = "", mediaType: String? = MediaType.ociManifest, layerDigest: String = digest
    ) -> String {
        let type = mediaType.map { "\"mediaType\": \"\($0)\"," } ?? ""
        return """
            {"schemaVersion": 2, \(type) \(extra)
             "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "\(digest)", "size": 10},
             "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "\(layerDigest)", "size": 5}]}
            """
    }

    func parse(_ text: String, declared: String? = nil) throws(FindingError) -> Manifest {
        try Manifest.parse(Array(text.utf8), declaredMediaType: declared, input: "m.json")
    }

    @Test("an OCI image manifest")
    func image() throws {
        guard case .image(let image) = try parse(Self.manifest()) else {
            Issue.record("expected an image manifest")
            return
        }
        #expect(image.layers.count == 1 && image.config.size == 10 && image.kind == .ociManifest)
    }

    @Test("kind from the declared type or the shape when the document has none")
    func kinds() throws {
        #expect(try parse(Self.manifest(mediaType: nil)).kind == .ociManifest)
        #expect(try parse(Self.manifest(mediaType: nil), declared: MediaType.ociManifest).kind == .ociManifest)
        #expect(try parse(#"{"schemaVersion":2,"manifests":[]}"#).kind == .ociIndex)
        #expect(try parse(Self.manifest(mediaType: MediaType.dockerManifest)).kind == .dockerManifest)
    }

    @Test(
        "refused documents",
        arguments: [
            (manifest(mediaType: "application/vnd.example+json"), nil, FindingCode.ociMediaTypeUnknown),
            (manifest(), MediaType.ociIndex, .ociMediaTypeMismatch),
            (manifest(mediaType: nil), MediaType.dockerManifest, .ociMediaTypeMismatch),
            (#"{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}"#, nil, .ociManifestUnsupported),
            (#"{"schemaVersion":3,"manifests":[]}"#, nil, .ociManifestInvalid),
            (manifest(#""manifests": [],"#), nil, .ociManifestInvalid),
            (
                #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[],"layers":[]}"#,
                nil, .ociManifestInvalid
            ),
            (#"{"schemaVersion":2}"#, nil, .ociManifestInvalid),
            (manifest(layerDigest: "sha256:../../../../etc/passwd"), nil, .ociDescriptorPathEscape),
            (manifest(layerDigest: "sha256:" + String(repeating: "A", count: 64)), nil, .digestMalformed),
            (manifest(layerDigest: "sha384:" + String(repeating: "a", count: 96)), nil, .digestUnsupportedAlgorithm),
            (manifest(#""annotations": {"a": 1},"#), nil, .jsonWrongType),
            (
                #"{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:\#(String(repeating: "a", count: 64))","size":-1}]}"#,
                nil, .ociDescriptorInvalid
            ),
        ] as [(String, String?, FindingCode)])
    func refused(text: String, declared: String?, code: FindingCode) {
        #expect(findingCode { try parse(text, declared: declared) } == code)
    }

    @Test("a bad descriptor is reported with its pointer")
    func pointer() {
        do {
            _ = try parse(Self.manifest(layerDigest: "sha256:../x"))
            Issue.record("should fail")
        } catch {
            #expect(error.findings[0].location.pointer?.description == "/layers/0/digest")
            #expect(error.findings[0].location.position != nil)
        }
    }

    @Test("the OCI 1.1 empty descriptor and embedded data")
    func emptyAndData() throws {
        let empty = EmptyDescriptor.digest.description
        let good =
            #"{"schemaVersion":2,"artifactType":"application/x.test","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(empty)","size":2,"data":"e30="},"layers":[]}"#
        guard case .image(let artifact) = try parse(good) else {
            Issue.record("expected an artifact manifest")
            return
        }
        #expect(artifact.effectiveArtifactType == "application/x.test" && artifact.config.data == Array("{}".utf8))
        let wrongEmpty = good.replacingOccurrences(of: #""size":2,"data":"e30=""#, with: #""size":3"#)
        #expect(findingCode { try parse(wrongEmpty) } == .ociDescriptorEmptyInvalid)
        let wrongData = good.replacingOccurrences(of: "e30=", with: "e319")
        #expect(findingCode { try parse(wrongData) } == .ociDescriptorDataMismatch)
    }

    @Test("manifests over the limit are refused before parsing")
    func tooLarge() {
        var limits = Limits()
        limits.maxManifestBytes = 100
        #expect(
            findingCode {
                try Manifest.parse(Array(Self.manifest().utf8), declaredMediaType: nil, input: "m", limits: limits)
            }
                == .ociManifestTooLarge)
    }

    @Test("children carry their pointers; partial parses keep valid siblings")
    func children() throws {
        let text = """
            {"schemaVersion":2,"manifests":[
              {"mediaType":"\(MediaType.ociManifest)","digest":"sha256:../bad","size":1},
              {"mediaType":"\(MediaType.ociManifest)","digest":"\(Self.digest)","size":1}]}
            """
        let document = try JSONDocument.parse(text, input: "i.json")
        let partial = try Manifest.parseKeepingValidEntries(document.cursor, declaredMediaType: nil)
        #expect(partial.findings.map(\.code) == [.ociDescriptorPathEscape])
        #expect(partial.children.map(\.pointer.description) == ["/manifests/1"])
    }
}

@Suite("credentials and challenges")
struct CredentialsTests {
    @Test("WWW-Authenticate challenges")
    func challenges() {
        let parsed = AuthChallenge.parse([
            #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull""#,
            #"Basic realm="x", Bearer realm="https://r", scope="a,b""#,
        ])
        #expect(parsed.count == 3)
        #expect(parsed[0].scheme == "bearer" && parsed[0].parameters["scope"] == "repository:a/b:pull")
        #expect(parsed[1].scheme == "basic" && parsed[1].parameters["realm"] == "x")
        #expect(parsed[2].parameters["scope"] == "a,b")
    }

    @Test("docker config.json auths")
    func config() throws {
        let auth = Data("vouch:s3:cret".utf8).base64EncodedString()
        let text = """
            {"auths": {"https://index.docker.io/v1/": {"auth": "\(auth)"},
                       "http://127.0.0.1:5000": {"username": "u", "password": "p"}},
             "credHelpers": {"ghcr.io": "gh"}}
            """
        let credentials = try RegistryCredentials.parse(Data(text.utf8), input: "config.json")
        #expect(credentials.credentials(for: "docker.io") == .init(username: "vouch", password: "s3:cret"))
        #expect(credentials.credentials(for: "127.0.0.1:5000")?.username == "u")
        #expect(credentials.credentials(for: "quay.io") == nil)
        // Helpers are run now (CredentialHelperTests); the configuration only names the one for ghcr.io.
        #expect(credentials.helper(for: "ghcr.io")?.program == "docker-credential-gh")
        #expect(credentials.helper(for: "quay.io") == nil)
        let bad = #"{"auths": {"r.example": {"auth": "!!notbase64"}}}"#
        #expect(
            findingCode { try RegistryCredentials.parse(Data(bad.utf8), input: "config.json") }
                == .ociCredentialsInvalid)
    }

    @Test("DOCKER_CONFIG is honoured")
    func environment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let auth = Data("a:b".utf8).base64EncodedString()
        try #"{"auths":{"reg.example:5000":{"auth":"\#(auth)"}}}"#.write(
            toFile: directory.path + "/config.json", atomically: true, encoding: .utf8)
        let credentials = try RegistryCredentials.load(environment: [
            "DOCKER_CONFIG": directory.path, "HOME": "/nonexistent",
        ])
        #expect(credentials.credentials(for: "reg.example:5000")?.password == "b")
        #expect(try RegistryCredentials.load(environment: ["HOME": "/nonexistent"]).basic.isEmpty)
    }
}
