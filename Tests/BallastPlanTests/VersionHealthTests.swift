import BallastModel
import BallastPlan
import Foundation
import Testing

@Suite("the new version's own metrics gate a rollout")
struct VersionHealthTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let canary = RolloutStrategy.canary(percent: 10, bake: .seconds(60))
    static let record = RolloutRecord(from: "3", to: "4", step: 0, stepStartedAt: start)

    static func judge(_ metrics: VersionMetrics, errors: Int = 1, window: TimeInterval = 60) -> VersionHealth.Verdict {
        VersionHealth.judge(
            metrics, version: "4", errorsPerMinute: errors, durationMs: 3000, weightPercent: 10, window: window)
    }

    @Test("one error of the new version at 10% fails it, though the function-wide alarm would not fire")
    func oneErrorFails() {
        #expect(
            Self.judge(VersionMetrics(invocations: 20, errors: 1))
                == .failing(
                    reason: "version 4: Errors 1 of 20 invocations (5.0%) since the step began, at or over 1 allowed"))
    }

    @Test("errors are allowed in proportion to the version's share of traffic and the window")
    func scaledThreshold() {
        // 30 errors a minute at full traffic, 10% for 5 minutes: 15 allowed.
        #expect(Self.judge(VersionMetrics(invocations: 900, errors: 14), errors: 30, window: 300) == .healthy)
        #expect(Self.judge(VersionMetrics(invocations: 900, errors: 15), errors: 30, window: 300) != .healthy)
    }

    @Test("p99 duration at or over the duration threshold fails, naming the metric")
    func slowFails() {
        #expect(
            Self.judge(VersionMetrics(invocations: 10, errors: 0, p99DurationMs: 3000.4))
                == .failing(reason: "version 4: Duration p99 3000 ms, at or over 3000 ms"))
        #expect(Self.judge(VersionMetrics(invocations: 10, errors: 0, p99DurationMs: 2999)) == .healthy)
    }

    @Test("no invocations: nothing to judge")
    func noTraffic() {
        #expect(Self.judge(VersionMetrics(invocations: 0, errors: 0)) == .noTraffic)
    }

    @Test("a failing version rolls back at once, mid-bake")
    func failingRollsBack() {
        let decision = RolloutStep.next(
            strategy: Self.canary, record: Self.record, newWeightPercent: 10, firing: [],
            health: .failing(reason: "version 4: Errors 2"), now: Self.start + 5)
        #expect(decision == .rollBack(reason: "version 4: Errors 2"))
    }

    @Test("no traffic: the step is extended up to three times its length, then proceeds or halts")
    func noTrafficExtendsThenDecides() {
        func next(_ seconds: TimeInterval, _ policy: NoTrafficPolicy) -> RolloutStep.Decision {
            RolloutStep.next(
                strategy: Self.canary, record: Self.record, newWeightPercent: 10, firing: [], health: .noTraffic,
                onNoTraffic: policy, now: Self.start + seconds)
        }
        #expect(next(30, .proceed) == .wait(until: Self.start + 60))
        #expect(next(60, .proceed) == .extend(until: Self.start + 120))
        #expect(next(150, .halt) == .extend(until: Self.start + 180))
        #expect(next(180, .proceed) == .complete)
        #expect(
            next(180, .halt) == .halt(reason: "no invocations of version 4 in 3× the step; halted (onNoTraffic: halt)"))
        // Traffic at last: the step ends as usual.
        #expect(
            RolloutStep.next(
                strategy: Self.canary, record: Self.record, newWeightPercent: 10, firing: [], health: .healthy,
                onNoTraffic: .halt, now: Self.start + 200) == .complete)
    }

    @Test("the tag stays within 256 characters with the start time, a hold and a long reason")
    func tagFits() throws {
        var record = RolloutRecord(
            from: "12", to: "13", step: 1, stepStartedAt: Self.start, commit: String(repeating: "f", count: 40),
            imageDigest: "sha256:" + String(repeating: "a", count: 64), fingerprint: "0123ABCD",
            startedAt: Self.start - 600, held: .halted)
        #expect(record.tagValue.count <= 256)
        let decoded = try #require(RolloutRecord(tagValue: record.tagValue))
        #expect(decoded.startedAt == Self.start - 600)
        #expect(decoded.held == .halted)
        record.phase = .rolledBack
        record.reason = "version 13: Errors 4 of 40 invocations (10.0%) since the step began, at or over 1 allowed"
        #expect(record.tagValue.count <= 256)
        #expect(RolloutRecord(tagValue: record.tagValue)?.reason?.hasPrefix("version 13: Errors") == true)
    }
}
