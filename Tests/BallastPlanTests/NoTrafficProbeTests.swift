import BallastModel
import BallastPlan
import Foundation
import Testing

/// `onNoTraffic: probe` in the rollout state machine: when a probe is due, and how a step whose
/// probes passed ends.
@Suite("onNoTraffic: probe, step by step")
struct NoTrafficProbeTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let canary = RolloutStrategy.canary(percent: 10, bake: .seconds(300))
    static let every = Duration.seconds(60)

    static func record(probed: Int? = nil, step: Int = 0) -> RolloutRecord {
        RolloutRecord(from: "3", to: "4", step: step, stepStartedAt: start, commit: "abc", probed: probed)
    }

    static func due(
        _ record: RolloutRecord, at seconds: TimeInterval, weight: Int = 10,
        health: VersionHealth.Verdict = .noTraffic, policy: NoTrafficPolicy = .probe,
        strategy: RolloutStrategy = canary, every: Duration = every
    ) -> Bool {
        RolloutStep.probeDue(
            strategy: strategy, record: record, newWeightPercent: weight, health: health, onNoTraffic: policy,
            every: every, now: start + seconds)
    }

    @Test("the first probe is due `every` after the step began, the next `every` after the last that passed")
    func schedule() {
        #expect(!Self.due(Self.record(), at: 59))
        #expect(Self.due(Self.record(), at: 60))
        let probed = RolloutStep.record(probed: Self.record(), now: Self.start + 61.7)
        #expect(probed.probed == 61)
        #expect(!Self.due(probed, at: 120))
        #expect(Self.due(probed, at: 121))
    }

    @Test("with `every` longer than the bake the first probe comes when the bake ends")
    func longEvery() {
        #expect(!Self.due(Self.record(), at: 299, every: .seconds(900)))
        #expect(Self.due(Self.record(), at: 300, every: .seconds(900)))
    }

    @Test(
        "no probe when the version was invoked, the policy is not probe, the alias is not at the step's weight, or the rollout ended"
    )
    func notDue() {
        #expect(!Self.due(Self.record(), at: 100, health: .healthy))
        #expect(!Self.due(Self.record(), at: 100, health: .failing(reason: "x")))
        #expect(!Self.due(Self.record(), at: 100, policy: .proceed))
        #expect(!Self.due(Self.record(), at: 100, policy: .halt))
        #expect(!Self.due(Self.record(), at: 100, weight: 0), "the first shift is not made yet")
        #expect(!Self.due(Self.record(), at: 100, weight: 100))
        #expect(
            !Self.due(Self.record(step: 1), at: 100, weight: 10, strategy: .linear(percent: 10, every: .seconds(300))))
        var ended = Self.record()
        ended.phase = .rolledBack
        #expect(!Self.due(ended, at: 100))
    }

    @Test("a step whose probes passed ends when its bake does, not extended for lack of invocations")
    func probedStepProceeds() {
        let decision = RolloutStep.next(
            strategy: Self.canary, record: Self.record(probed: 240), newWeightPercent: 10, firing: [],
            health: .noTraffic, onNoTraffic: .probe, now: Self.start + 300)
        #expect(decision == .complete)
        let unprobed = RolloutStep.next(
            strategy: Self.canary, record: Self.record(), newWeightPercent: 10, firing: [], health: .noTraffic,
            onNoTraffic: .probe, now: Self.start + 300)
        #expect(unprobed == .extend(until: Self.start + 600), "no probe passed: extended as without probes")
    }

    @Test("a failing probe is a failing version: rolled back, the reason naming the probe and the check")
    func failingProbeRollsBack() {
        let reason = RolloutStep.probeFailure(
            version: "4", check: "check 'list' failed: status 502, expected 200; got 502 Internal server error")
        let decision = RolloutStep.next(
            strategy: Self.canary, record: Self.record(probed: 60), newWeightPercent: 10, firing: [],
            health: .failing(reason: reason), onNoTraffic: .probe, now: Self.start + 120)
        #expect(decision == .rollBack(reason: reason))
        #expect(reason.hasPrefix("probe of version 4, which had no invocations since the step began: check 'list'"))
    }

    @Test("a shift forgets the step's probes; the tag keeps them while progressing and drops them once ended")
    func recorded() throws {
        let probed = Self.record(probed: 120)
        let shifted = try #require(
            RolloutStep.record(before: .shift(step: 1, weight: 20), probed, now: Self.start + 300))
        #expect(shifted.probed == nil)
        var full = RolloutRecord(
            from: "1", to: "2", step: 0, stepStartedAt: Self.start, commit: String(repeating: "a", count: 40),
            imageDigest: "sha256:" + String(repeating: "b", count: 64), fingerprint: "0123456789ab",
            startedAt: Self.start, held: .noTraffic, beforeTraffic: .passed, probed: 3599)
        #expect(full.tagValue.count <= RolloutRecord.tagValueLimit, "\(full.tagValue)")
        #expect(RolloutRecord(tagValue: full.tagValue)?.probed == 3599)
        full.phase = .succeeded
        #expect(RolloutRecord(tagValue: full.tagValue)?.probed == nil)
    }
}
