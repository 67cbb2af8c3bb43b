/// Holds every request to AWS to ``RequestRates``: one ``TokenBucket`` per service and
/// region, shared by everything that sends through the same ``AWSClient``. A request that
/// finds its bucket empty waits (cancellably) for its turn instead of being throttled by AWS.
public actor RequestRateLimiter {
    /// What the limiter did, for logs, metrics and tests.
    public struct Statistics: Sendable, Hashable {
        /// Requests let through, by service id.
        public var admitted: [String: Int] = [:]
        /// Of those, the ones that had to wait, by service id.
        public var delayed: [String: Int] = [:]
        /// The time they waited in all, by service id.
        public var waited: [String: Duration] = [:]
    }

    /// The rates.
    public let rates: RequestRates
    private var buckets: [Key: TokenBucket] = [:]
    private var statistics = Statistics()
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    private struct Key: Hashable {
        var service: String
        var region: String
    }

    /// A limiter at `rates`.
    public init(rates: RequestRates) {
        self.rates = rates
        origin = clock.now
    }

    /// Returns when a request to `service` in `region` may be sent. Throws `CancellationError`
    /// when the task is cancelled while it waits.
    public func admit(service: String, region: String) async throws {
        let key = Key(service: service, region: region)
        var bucket =
            buckets[key]
            ?? TokenBucket(rate: Double(rates.rate(of: service)), burst: Double(rates.burst(of: service)))
        let wait = bucket.take(at: clock.now - origin)
        buckets[key] = bucket
        statistics.admitted[service, default: 0] += 1
        guard wait > .zero else { return }
        statistics.delayed[service, default: 0] += 1
        statistics.waited[service, default: .zero] += wait
        try await Task.sleep(for: wait)
    }

    /// What the limiter has done so far.
    public var current: Statistics { statistics }
}
