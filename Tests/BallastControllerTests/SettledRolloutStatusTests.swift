import BallastPlan
import Foundation
import Testing

@testable import BallastController

/// What `/status` says of a rollout whose alias routes all traffic to one version.
@Suite("a settled rollout's weight in /status follows the alias")
struct SettledRolloutStatusTests {
    static func record(
        _ phase: RolloutRecord.Phase, afterTraffic: RolloutRecord.HookState? = nil, reason: String? = nil
    )
        -> RolloutRecord
    {
        RolloutRecord(
            from: "3", to: "4", step: 2, stepStartedAt: Date(timeIntervalSince1970: 1_790_000_000), phase: phase,
            reason: reason, afterTraffic: afterTraffic)
    }

    @Test("while the afterTraffic hook runs, all traffic is on the new version: 100%, and the note says the hook runs")
    func afterTrafficRunning() {
        let status = StatusReader.settled(
            "orders", alias: AliasWeights(version: "4"), record: Self.record(.progressing, afterTraffic: .started))
        #expect(status.weight == 100)
        #expect(status.phase == "progressing")
        #expect(status.note == "all traffic on version 4; its afterTraffic hook is running")
    }

    @Test("succeeded is 100%, rolled back is 0% with its reason")
    func ended() {
        let succeeded = StatusReader.settled(
            "orders", alias: AliasWeights(version: "4"), record: Self.record(.succeeded, afterTraffic: .passed))
        #expect(succeeded.weight == 100 && succeeded.note == nil)
        let rolledBack = StatusReader.settled(
            "orders", alias: AliasWeights(version: "3"),
            record: Self.record(.rolledBack, afterTraffic: .failed, reason: "afterTraffic hook failed"))
        #expect(rolledBack.weight == 0)
        #expect(rolledBack.note == "afterTraffic hook failed")
    }

    @Test("a progressing record whose alias is still all on the old version is 0%")
    func notYetShifted() {
        let status = StatusReader.settled(
            "orders", alias: AliasWeights(version: "3"), record: Self.record(.progressing))
        #expect(status.weight == 0 && status.note == nil)
    }
}
