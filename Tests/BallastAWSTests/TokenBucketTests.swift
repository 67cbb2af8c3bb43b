import BallastAWS
import Testing

/// The token bucket's arithmetic, over times it is given.
@Suite("token bucket")
struct TokenBucketTests {
    @Test("a full bucket lets `burst` requests through at once, then queues each 1/rate after the one before")
    func burstThenQueue() {
        var bucket = TokenBucket(rate: 4, burst: 3)
        let start = Duration.seconds(10)
        let waits = (0..<6).map { _ in bucket.take(at: start) }
        #expect(waits == [.zero, .zero, .zero, .milliseconds(250), .milliseconds(500), .milliseconds(750)])
    }

    @Test("tokens come back at the rate, never beyond the burst")
    func refill() {
        var bucket = TokenBucket(rate: 2, burst: 2)
        #expect(bucket.take(at: .zero) == .zero)
        #expect(bucket.take(at: .zero) == .zero)
        // Half a second later one token is back.
        #expect(bucket.take(at: .milliseconds(500)) == .zero)
        #expect(bucket.take(at: .milliseconds(500)) == .milliseconds(500))
        // After a long quiet spell: only `burst` at once again.
        #expect(bucket.take(at: .seconds(100)) == .zero)
        #expect(bucket.take(at: .seconds(100)) == .zero)
        #expect(bucket.take(at: .seconds(100)) == .milliseconds(500))
    }

    @Test("a time before the last one (no monotonic guarantee from the caller) adds no tokens")
    func timeGoingBack() {
        var bucket = TokenBucket(rate: 1, burst: 1)
        #expect(bucket.take(at: .seconds(5)) == .zero)
        #expect(bucket.take(at: .seconds(1)) == .seconds(1))
    }
}
