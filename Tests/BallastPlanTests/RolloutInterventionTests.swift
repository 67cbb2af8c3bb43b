import BallastPlan
import Foundation
import Testing

@Suite("promote and abort by hand")
struct RolloutInterventionTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ phase: RolloutRecord.Phase) -> RolloutRecord {
        RolloutRecord(
            from: "3", to: "4", step: 0, stepStartedAt: start, imageDigest: "sha256:abc", phase: phase,
            fingerprint: "F1")
    }

    @Test("promote: the rollout succeeded, all traffic to the new version, who did it recorded")
    func promote() throws {
        let intervention = RolloutIntervention.promote(by: "alice")
        let ended = try intervention.record(ending: Self.record(.progressing), function: "f", liveVersion: "3")
        #expect(ended.phase == .succeeded)
        #expect(ended.reason == "promoted by alice")
        #expect(intervention.target(of: ended) == "4")
    }

    @Test("abort: rolled back to the old version, the fingerprint kept so it is not retried")
    func abort() throws {
        let intervention = RolloutIntervention.abort(by: "bob")
        let ended = try intervention.record(ending: Self.record(.progressing), function: "f", liveVersion: "3")
        #expect(ended.phase == .rolledBack)
        #expect(ended.reason == "aborted by bob")
        #expect(ended.fingerprint == "F1")
        #expect(intervention.target(of: ended) == "3")
    }

    @Test("no rollout recorded: refused, naming the version live serves")
    func nothingRecorded() {
        #expect(
            throws: RolloutIntervention.Refusal(
                function: "shop-dev-orders",
                message: "no rollout in progress (no rollout was ever recorded; live serves version 1)")
        ) {
            try RolloutIntervention.promote(by: "a").record(ending: nil, function: "shop-dev-orders", liveVersion: "1")
        }
    }

    @Test("an ended rollout cannot be ended again", arguments: [RolloutRecord.Phase.succeeded, .rolledBack])
    func alreadyEnded(phase: RolloutRecord.Phase) {
        #expect(throws: RolloutIntervention.Refusal.self) {
            try RolloutIntervention.abort(by: "a").record(ending: Self.record(phase), function: "f", liveVersion: "4")
        }
        do {
            _ = try RolloutIntervention.abort(by: "a").record(
                ending: Self.record(phase), function: "f", liveVersion: nil)
        } catch {
            #expect(error.message.contains("the last one, 3 → 4,"))
        }
    }
}
