import Foundation
import VouchCore
import VouchTestSupport

/// The finding code that names the actual defect of each failing sigstore-conformance case, read from
/// testdata/sigstore/conformance/expected-codes.json (which `scripts/sigstore-conformance` reads too). The upstream
/// harness only checks the exit status; asserting the code keeps an unrelated error from passing as the right one.
enum ConformanceExpectations {
    static let codes: [String: FindingCode] = {
        let url = TestPaths.fixture("sigstore/conformance/expected-codes.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let table = object["fail"] as? [String: String]
        else { return [:] }
        return table.mapValues(FindingCode.init)
    }()
}
