import Foundation
import VouchCore
import VouchJSON

extension RegistryClient {
    /// Lists a repository's tags, following `Link: <…>; rel="next"` pages.
    ///
    /// ```
    /// GET /v2/<name>/tags/list[?n=<page>]  →  { "name": string, "tags": [string] | null }   ; distribution spec
    /// Link: </v2/<name>/tags/list?n=<page>&last=<tag>>; rel="next"
    /// ```
    /// A next page on another host, a malformed `Link`, or more pages than ``Limits/maxTagListPages`` is refused with
    /// `oci.registry.pagination-invalid`: a partial list is never returned as if it were the whole.
    public func tags(_ repository: ImageReference, pageSize: Int? = nil) async throws(FindingError) -> [String] {
        var next: URL? = url(repository, "tags/list", query: pageSize.map { "n=\($0)" })
        var tags: [String] = []
        var pages = 0
        let input = repository.name
        while let page = next {
            pages += 1
            guard pages <= limits.maxTagListPages else {
                throw FindingError(
                    .ociRegistryPaginationInvalid,
                    "the tag list has more than \(limits.maxTagListPages) pages", input: input,
                    details: ["limit": String(limits.maxTagListPages)])
            }
            let response = try await send(
                FetchRequest(
                    url: page, headers: [(name: "Accept", value: "application/json")],
                    maxBytes: limits.maxManifestBytes),
                for: repository)
            if response.status == 404 {
                throw FindingError(
                    .ociRegistryError, "the registry does not know this repository", input: input,
                    details: registryErrorDetails(response))
            }
            guard response.isSuccess else { throw unexpected(response, "the tag list", input: input) }
            let document = try JSONDocument.parse(response.body, input: page.absoluteString, limits: limits)
            if let list = try document.cursor.optional("tags", nullIsAbsent: true) {
                for item in try list.array() { tags.append(try item.string()) }
            }
            next = try nextPage(response, current: page, input: input)
        }
        return tags
    }

    /// The `rel="next"` target of a response's `Link` header, on the same registry, or `nil` on the last page.
    func nextPage(_ response: FetchResponse, current: URL, input: String) throws(FindingError) -> URL? {
        for value in response.headers["link"] ?? [] {
            for link in value.split(separator: ",") {
                let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let target = parts.first,
                    parts.dropFirst().contains(where: {
                        $0.replacingOccurrences(of: " ", with: "").lowercased() == "rel=\"next\""
                            || $0.replacingOccurrences(of: " ", with: "").lowercased() == "rel=next"
                    })
                else { continue }
                guard target.hasPrefix("<"), target.hasSuffix(">"),
                    let url = URL(string: String(target.dropFirst().dropLast()), relativeTo: current)?.absoluteURL
                else {
                    throw FindingError(
                        .ociRegistryPaginationInvalid, "the Link header is malformed", input: input,
                        details: ["link": value])
                }
                guard url.scheme == current.scheme, url.host == current.host, url.port == current.port else {
                    throw FindingError(
                        .ociRegistryPaginationInvalid, "the next page is on another server", input: input,
                        details: ["link": url.absoluteString])
                }
                return url
            }
        }
        return nil
    }
}
