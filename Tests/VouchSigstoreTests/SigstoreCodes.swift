import Foundation
import VouchTestSupport

/// The finding codes declared in Sources/VouchSigstore, read from the source as the catalogue test does.
enum SigstoreCodes {
    static func declared() throws -> Set<String> {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Sources/VouchSigstore/FindingCode+Sigstore.swift")
        let text = try String(contentsOf: url, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"FindingCode\("([a-z0-9.\-]+)"\)"#)
        return Set(
            pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            })
    }
}
