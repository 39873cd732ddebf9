/// How a backoff delay is spread out so that many clients retrying at once do not arrive together.
///
/// The closure receives the exponential delay for the retry in milliseconds and returns the delay to wait.
public struct RetryJitter: Sendable {
    private let spread: @Sendable (_ delayMilliseconds: Int) -> Int

    /// A custom spread. The result is clamped to `0...delayMilliseconds`.
    public init(_ spread: @escaping @Sendable (_ delayMilliseconds: Int) -> Int) {
        self.spread = spread
    }

    /// "Equal jitter": a uniformly random delay between half and all of the exponential delay. The default.
    public static let equal = RetryJitter { delay in
        delay / 2 + Int.random(in: 0...(delay - delay / 2))
    }

    /// No jitter: exactly the exponential delay. Deterministic, for tests.
    public static let none = RetryJitter { $0 }

    func apply(to delayMilliseconds: Int) -> Int {
        min(max(spread(delayMilliseconds), 0), delayMilliseconds)
    }
}
