import BallastAWS
import BallastTestSupport
import Foundation
import Testing

/// A client with a rate limiter against the AWS emulator: requests past the burst wait their
/// turn, per service and region, before they are sent.
@Suite("request rates against the AWS emulator", .serialized, .emulatorPerSuite)
struct RequestRateLimiterTests {
    @Test(
        "CloudFormation at 5 a second: 14 sent at once take at least 0.8 s (10 at once, then 1 each 0.2 s); STS is not held up"
    )
    func heldToTheRate() async throws {
        let emulator = try EmulatorPerSuite.emulator()
        let account = try EmulatorAccount(emulator)
        let limiter = RequestRateLimiter(rates: RequestRates(perService: ["CloudFormation": 5], other: 1000))
        var client = account.client
        client.rateLimiter = limiter
        let cloudFormation = try CloudFormation(
            configuration: account.configuration, region: "us-east-1", client: client,
            credentials: account.credentials, now: { Date() })
        let sts = try STS(
            configuration: account.configuration, region: "us-east-1", client: client,
            credentials: account.credentials, now: { Date() })

        let clock = ContinuousClock()
        let start = clock.now
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<14 {
                group.addTask { try await cloudFormation.describeStack(name: "rate-limited-nothing") != nil }
            }
            return try await group.reduce(into: 0) { count, exists in count += exists ? 1 : 0 }
        }
        let elapsed = clock.now - start
        #expect(found == 0)
        for _ in 0..<5 { _ = try await sts.getCallerIdentity() }

        let statistics = await limiter.current
        #expect(statistics.admitted["CloudFormation"] == 14)
        // Sent together, the ones past the burst of 10 found the bucket empty (a slow machine
        // may refill a token or two before the last ones ask).
        #expect((statistics.delayed["CloudFormation"] ?? 0) >= 1, "\(statistics)")
        #expect(statistics.admitted["STS"] == 5)
        #expect(statistics.delayed["STS"] == nil)
        // A lower bound, whatever the machine's speed: 14 tokens from a bucket of 10 refilled at
        // 5 a second cannot all be had in less than 0.8 s.
        #expect(elapsed >= .milliseconds(790), "\(elapsed)")
    }

    @Test("a task cancelled while it waits for its turn ends with CancellationError")
    func cancelledWhileWaiting() async throws {
        let emulator = try EmulatorPerSuite.emulator()
        let account = try EmulatorAccount(emulator)
        let limiter = RequestRateLimiter(rates: RequestRates(perService: [:], other: 1))
        var client = account.client
        client.rateLimiter = limiter
        let sts = try STS(
            configuration: account.configuration, region: "us-east-1", client: client,
            credentials: account.credentials, now: { Date() })
        _ = try await sts.getCallerIdentity()
        _ = try await sts.getCallerIdentity()
        // The bucket (burst 2) is empty: the third waits a second for its token.
        let task = Task { try await sts.getCallerIdentity() }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
