/// How often and how long to wait between attempts: the AWS SDKs' "standard" retry mode.
///
/// The wait before retry *n* (1 for the first retry) is uniformly random in
/// `0 ..< min(maximumDelay, baseDelay × 2^(n-1))` ("full jitter"), so clients that failed
/// together do not retry together.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means no retries.
    public var maximumAttempts: Int
    /// The ceiling of the first wait; it doubles with every retry.
    public var baseDelay: Duration
    /// No wait is longer than this.
    public var maximumDelay: Duration

    /// A policy; the defaults are the SDKs' standard mode (3 attempts, 100 ms, 20 s).
    public init(
        maximumAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(20)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The AWS SDKs' standard mode.
    public static let standard = RetryPolicy()

    /// Ballast's own: eight attempts, since it runs unattended and a failed pass costs a whole
    /// reconcile (Terraform's AWS provider allows 25). With one request in five failing, a call
    /// still fails for good about once in 400,000.
    public static let unattended = RetryPolicy(maximumAttempts: 8)

    /// One attempt, no retries.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// The longest wait before retry `retry` (1-based): `min(maximumDelay, baseDelay × 2^(retry-1))`.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let doublings = min(max(0, retry - 1), 62)
        let base = Double(baseDelay.nanoseconds)
        let ceiling = base * Double(UInt64(1) << UInt64(doublings))
        return .nanoseconds(Int64(min(Double(maximumDelay.nanoseconds), ceiling)))
    }

    /// The wait before retry `retry` (1-based) for a uniform random `unitRandom` in `0..<1`:
    /// `unitRandom × ceiling(beforeRetry: retry)`, rounded down to the nanosecond.
    public func delay(beforeRetry retry: Int, unitRandom: Double) -> Duration {
        let fraction = min(max(unitRandom, 0), 1)
        let ceiling = Double(ceiling(beforeRetry: retry).nanoseconds)
        return .nanoseconds(Int64((ceiling * fraction).rounded(.down)))
    }
}

extension Duration {
    /// The whole nanoseconds of a duration that fits in `Int64` nanoseconds (292 years).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
