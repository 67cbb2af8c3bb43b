import BallastAWS
import Foundation
import Testing

@Suite("the refreshing credentials cache")
struct RefreshingCredentialsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("credentials are reused until the refresh margin before expiry, then fetched again")
    func refreshesBeforeExpiry() async throws {
        let clock = ManualClock(start)
        let source = CountingCredentials([
            .expiring(at: start.addingTimeInterval(3600)), .expiring(at: start.addingTimeInterval(7200)),
        ])
        let cache = RefreshingCredentials(provider: source, refreshMargin: .seconds(300), now: clock.now)

        #expect(try await cache.credentials().credentials.accessKeyId == "ASIACALL1")
        clock.set(start.addingTimeInterval(3600 - 301))
        #expect(try await cache.credentials().credentials.accessKeyId == "ASIACALL1")
        #expect(source.calls == 1)
        clock.set(start.addingTimeInterval(3600 - 300))
        #expect(try await cache.credentials().credentials.accessKeyId == "ASIACALL2")
        #expect(try await cache.credentials().credentials.accessKeyId == "ASIACALL2")
        #expect(source.calls == 2)
    }

    @Test("concurrent callers that find the cache stale share one refresh")
    func coalesces() async throws {
        let source = CountingCredentials([.expiring(at: start.addingTimeInterval(3600))], delay: .milliseconds(200))
        let cache = RefreshingCredentials(provider: source, now: ManualClock(start).now)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials().credentials.accessKeyId } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(keys == Array(repeating: "ASIACALL1", count: 20))
        #expect(source.calls == 1)
    }

    @Test("a failed refresh falls back on credentials that have not expired yet, and fails once they have")
    func failedRefresh() async throws {
        let clock = ManualClock(start)
        let source = CountingCredentials([.expiring(at: start.addingTimeInterval(1000)), .failure, .failure])
        let cache = RefreshingCredentials(provider: source, refreshMargin: .seconds(300), now: clock.now)
        _ = try await cache.credentials()
        clock.set(start.addingTimeInterval(800))
        #expect(try await cache.credentials().credentials.accessKeyId == "ASIACALL1")
        #expect(source.calls == 2)
        clock.set(start.addingTimeInterval(1000))
        await #expect(throws: CountingCredentials.Failure.self) { try await cache.credentials() }
        #expect(source.calls == 3)
    }

    @Test("credentials without an expiration are fetched once; invalidate forces a new fetch")
    func permanentAndInvalidate() async throws {
        let environment = AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"])
        let clock = ManualClock(start)
        let cache = RefreshingCredentials(
            provider: try #require(try EnvironmentCredentials(environment: environment)), now: clock.now)
        clock.advance(seconds: 10 * 365 * 86400)
        #expect(try await cache.credentials().expiration == nil)

        let source = CountingCredentials([
            .expiring(at: start.addingTimeInterval(3600)), .expiring(at: start.addingTimeInterval(3600)),
        ])
        let counted = RefreshingCredentials(provider: source, now: ManualClock(start).now)
        _ = try await counted.credentials()
        await counted.invalidate()
        #expect(try await counted.credentials().credentials.accessKeyId == "ASIACALL2")
    }
}
