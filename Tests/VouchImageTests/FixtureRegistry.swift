import Foundation
import VouchCore
import VouchJSON
import VouchOCI
import VouchTestSupport

/// A registry in memory, serving image layouts through a ``FixtureFetcher`` as the distribution API would:
/// manifests by tag and digest (with `Docker-Content-Digest`), blobs by digest, 404 for tags it does not have, and
/// the referrers API answering whatever status a test asks for.
struct FixtureRegistry {
    static let host = "registry.vouch.test"
    let fetcher = FixtureFetcher()

    func url(_ repository: String, _ path: String) -> URL {
        URL(string: "https://\(Self.host)/v2/\(repository)/\(path)")!
    }

    /// Serves every entry of the layout's `index.json` (by tag and by digest), every manifest and blob below, and a
    /// 404 for cosign's tags of `subjects` that the layout does not hold.
    func serve(layout: String, as repository: String, subjects: [Digest] = [], referrersStatus: Int = 404) throws {
        let root = URL(fileURLWithPath: layout)
        let index = try JSONDocument.parse(Data(contentsOf: root.appendingPathComponent("index.json")), input: "index")
        var tags: Set<String> = []
        for entry in try index.cursor.required("manifests").array() {
            let digest = try entry.required("digest").string()
            let mediaType = try entry.required("mediaType").string()
            let body = try Data(contentsOf: root.appendingPathComponent("blobs/sha256/\(digest.dropFirst(7))"))
            let headers = ["Docker-Content-Digest": [digest], "Content-Type": [mediaType]]
            if let tag = try entry.optional("annotations")?.optional("org.opencontainers.image.ref.name")?.string() {
                tags.insert(tag)
                fetcher.register(url(repository, "manifests/\(tag)"), body: body, headers: headers)
            }
        }
        for name in try FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent("blobs/sha256").path)
        {
            let body = try Data(contentsOf: root.appendingPathComponent("blobs/sha256/\(name)"))
            var headers = ["Docker-Content-Digest": ["sha256:\(name)"]]
            if let document = try? JSONDocument.parse(body, input: name),
                let type = try? document.cursor.optional("mediaType")?.string()
            {
                headers["Content-Type"] = [type]
            }
            fetcher.register(url(repository, "manifests/sha256:\(name)"), body: body, headers: headers)
            fetcher.register(url(repository, "blobs/sha256:\(name)"), body: body)
        }
        for subject in subjects {
            for suffix in ["sig", "att", "sbom"] where !tags.contains("sha256-\(subject.hex).\(suffix)") {
                fetcher.register(
                    url(repository, "manifests/sha256-\(subject.hex).\(suffix)"),
                    FetchResponse(url: url(repository, "manifests/x"), status: 404, body: Data()))
            }
            if !tags.contains("sha256-\(subject.hex)") {
                fetcher.register(
                    url(repository, "manifests/sha256-\(subject.hex)"),
                    FetchResponse(url: url(repository, "manifests/x"), status: 404, body: Data()))
            }
            fetcher.register(
                url(repository, "referrers/\(subject)"),
                FetchResponse(url: url(repository, "referrers"), status: referrersStatus, body: Data()))
        }
    }

    func client() -> RegistryClient { RegistryClient(fetcher: fetcher) }

    func reference(_ repository: String, _ tag: String = "1.0") throws -> ImageReference {
        try ImageReference(parsing: "\(Self.host)/\(repository):\(tag)")
    }
}
