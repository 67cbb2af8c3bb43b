import BallastModel
import BallastPlan
import Foundation
import Testing

@Suite("rollout state machine")
struct RolloutStepTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let canary = RolloutStrategy.canary(percent: 10, bake: .seconds(300))

    static func record(step: Int, startedAt: Date = start, phase: RolloutRecord.Phase = .progressing) -> RolloutRecord {
        RolloutRecord(from: "3", to: "4", step: step, stepStartedAt: startedAt, commit: "abc", phase: phase)
    }

    @Test("canary: 10% first, bake 5 minutes, then all")
    func canary() {
        let first = RolloutStep.next(
            strategy: Self.canary, record: Self.record(step: 0), newWeightPercent: 0, firing: [], now: Self.start)
        #expect(first == .shift(step: 0, weight: 10))
        let baking = RolloutStep.next(
            strategy: Self.canary, record: Self.record(step: 0), newWeightPercent: 10, firing: [], now: Self.start + 299
        )
        #expect(baking == .wait(until: Self.start + 300))
        let done = RolloutStep.next(
            strategy: Self.canary, record: Self.record(step: 0), newWeightPercent: 10, firing: [], now: Self.start + 300
        )
        #expect(done == .complete)
    }

    @Test("linear 25% every 2 minutes: 25, 50, 75, then all")
    func linear() {
        let linear = RolloutStrategy.linear(percent: 25, every: .seconds(120))
        var decisions: [RolloutStep.Decision] = []
        var step = 0
        var weight = 0
        var started = Self.start
        var now = Self.start
        while decisions.last != .complete && decisions.count < 20 {
            let decision = RolloutStep.next(
                strategy: linear, record: Self.record(step: step, startedAt: started), newWeightPercent: weight,
                firing: [], now: now)
            decisions.append(decision)
            switch decision {
            case .shift(let next, let newWeight):
                step = next
                weight = newWeight
                started = now
            case .wait(let until): now = until
            default: break
            }
        }
        #expect(
            decisions == [
                .shift(step: 0, weight: 25), .wait(until: Self.start + 120), .shift(step: 1, weight: 50),
                .wait(until: Self.start + 240), .shift(step: 2, weight: 75), .wait(until: Self.start + 360), .complete,
            ])
    }

    @Test("an alarm firing at any step rolls back at once, naming the alarms")
    func alarmRollsBack() {
        let decision = RolloutStep.next(
            strategy: Self.canary, record: Self.record(step: 0), newWeightPercent: 10,
            firing: ["shop-prod-orders-errors", "shop-prod-orders-api-5xx"], now: Self.start + 10)
        #expect(decision == .rollBack(reason: "alarms in ALARM: shop-prod-orders-api-5xx, shop-prod-orders-errors"))
    }

    @Test("all at once: straight to complete")
    func allAtOnce() {
        #expect(
            RolloutStep.next(
                strategy: .allAtOnce, record: Self.record(step: 0), newWeightPercent: 0, firing: [], now: Self.start)
                == .complete)
    }

    @Test("after a crash between writing the record and moving the alias, the move is made again")
    func resumesAfterCrash() {
        // The record says step 0 (10%), the alias still gives the new version nothing.
        let decision = RolloutStep.next(
            strategy: Self.canary, record: Self.record(step: 0, startedAt: Self.start), newWeightPercent: 0, firing: [],
            now: Self.start + 1000)
        #expect(decision == .shift(step: 0, weight: 10))
    }

    @Test("an ended rollout does nothing")
    func ended() {
        for phase in [RolloutRecord.Phase.succeeded, .rolledBack] {
            #expect(
                RolloutStep.next(
                    strategy: Self.canary, record: Self.record(step: 1, phase: phase), newWeightPercent: 0,
                    firing: ["x"], now: Self.start)
                    == .finished)
        }
    }

    @Test("the record survives its tag form, within Lambda's 256-character tag value limit")
    func tagRoundTrip() throws {
        let record = RolloutRecord(
            from: "12", to: "13", step: 1, stepStartedAt: Self.start, commit: String(repeating: "f", count: 40),
            imageDigest: "sha256:" + String(repeating: "a", count: 64))
        #expect(record.tagValue.count <= 256)
        #expect(RolloutRecord(tagValue: record.tagValue) == record)
        #expect(RolloutRecord(tagValue: "{not json") == nil)
        var failed = record
        failed.phase = .rolledBack
        failed.fingerprint = "0123ABCD"
        failed.reason =
            "alarms in ALARM: " + (1...12).map { "shop-prod-function-\($0)-api-latency" }.joined(separator: ", ")
        #expect(failed.tagValue.count <= 256)
        let decoded = try #require(RolloutRecord(tagValue: failed.tagValue))
        #expect(decoded.phase == .rolledBack && decoded.fingerprint == "0123ABCD")
        #expect(decoded.reason?.hasPrefix("alarms in") == true && decoded.reason?.hasSuffix("…") == true)
        #expect(decoded.commit?.count == 12)
    }

    @Test(
        "a shift restarts the step's clock even when the record already names the step (killed between record and alias)"
    )
    func shiftAfterCrashRestartsTheClock() {
        let linear = RolloutStrategy.linear(percent: 25, every: .seconds(120))
        // The bake of step 0 ended; the record was moved to step 1 at +120, then the controller
        // died before the alias moved, and came back at +400.
        let written = Self.record(step: 1, startedAt: Self.start + 120)
        let now = Self.start + 400
        let decision = RolloutStep.next(strategy: linear, record: written, newWeightPercent: 25, firing: [], now: now)
        #expect(decision == .shift(step: 1, weight: 50))
        let next = RolloutStep.record(before: decision, written, now: now)
        #expect(next?.step == 1)
        #expect(next?.stepStartedAt == now)
        // So step 1 bakes its full 2 minutes at 50%, rather than being skipped at once.
        let after = RolloutStep.next(
            strategy: linear, record: next ?? written, newWeightPercent: 50, firing: [], now: now + 1)
        #expect(after == .wait(until: now + 120))
        let skipped = RolloutStep.next(
            strategy: linear, record: written, newWeightPercent: 50, firing: [], now: now + 1)
        #expect(skipped == .shift(step: 2, weight: 75), "with the old clock step 1 would end at once")
    }

    @Test("the record before each decision: the end phases, holds written once, nothing for a wait")
    func recordBeforeDecision() {
        let baking = Self.record(step: 0)
        let now = Self.start + 30
        #expect(RolloutStep.record(before: .wait(until: now + 10), baking, now: now) == nil)
        #expect(RolloutStep.record(before: .finished, baking, now: now) == nil)
        let completed = RolloutStep.record(before: .complete, baking, now: now)
        #expect(completed?.phase == .succeeded)
        #expect(completed?.stepStartedAt == Self.start, "promotion keeps the step's start")
        let rolledBack = RolloutStep.record(before: .rollBack(reason: "alarm in ALARM: x"), baking, now: now)
        #expect(rolledBack?.phase == .rolledBack)
        #expect(rolledBack?.reason == "alarm in ALARM: x")
        let held = RolloutStep.record(before: .extend(until: now + 10), baking, now: now)
        #expect(held?.held == .noTraffic)
        #expect(held?.stepStartedAt == Self.start, "an extension does not restart the step")
        #expect(RolloutStep.record(before: .extend(until: now + 20), held ?? baking, now: now) == nil)
        #expect(RolloutStep.record(before: .halt(reason: "no traffic"), baking, now: now)?.held == .halted)
    }
}
