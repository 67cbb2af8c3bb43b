/// A token bucket: `rate` requests a second on average, up to `burst` at once after a quiet
/// spell. Pure arithmetic over the times it is given, so it can be tested without a clock.
///
/// A request takes one token at once and is told how long to wait for it: when the bucket is
/// empty the tokens go negative, so callers that arrive together queue up in arrival order,
/// each `1 / rate` after the one before, instead of all retrying at the same instant.
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added a second.
    public let rate: Double
    /// The most tokens the bucket holds (and the most requests sent at once).
    public let burst: Double
    /// Tokens now; negative while requests queue.
    private(set) var tokens: Double
    /// When `tokens` was last brought up to date.
    private var updated: Duration?

    /// A full bucket of `burst` tokens refilled at `rate` a second; both at least one.
    public init(rate: Double, burst: Double) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
        tokens = self.burst
    }

    /// Takes a token for a request made at `now` (any monotonic time origin) and returns how long
    /// the request must wait before it is sent: zero while tokens are left.
    public mutating func take(at now: Duration) -> Duration {
        if let updated, now > updated {
            tokens = min(burst, tokens + Self.seconds(now - updated) * rate)
        }
        if updated.map({ now > $0 }) ?? true { updated = now }
        tokens -= 1
        guard tokens < 0 else { return .zero }
        return .seconds(-tokens / rate)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
