import VouchCore

/// The code of the finding a throwing expression produced, or `nil` when it did not throw. An error that is not a
/// `FindingError` gives a code no test expects, so such a test fails instead of passing by accident.
public func findingCode<T>(_ body: () throws -> T) -> FindingCode? {
    do {
        _ = try body()
        return nil
    } catch let error as FindingError {
        return error.code
    } catch {
        return FindingCode("test.not-a-finding-error")
    }
}
