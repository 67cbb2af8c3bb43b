import Foundation
import Testing

/// Rollouts end to end against the emulator: a re-pushed image reaches traffic by canary
/// through the alias `live`, and an alarm that goes to ALARM during the bake, by the
/// emulator's own evaluation of real failing requests, sends all traffic back.
@Suite("rollouts through ballast reconcile", .serialized)
final class RolloutCommandTests {
    @Test("a re-pushed image: 10% on the new version, then after the bake all of it")
    func canaryCompletes() throws {
        let fixture = try RolloutFixture()
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.status == 0, "\(start.standardError)")
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"))
        let during = try fixture.status()
        #expect(during["phase"] as? String == "progressing")
        let rollout = (during["rollouts"] as? [[String: Any]])?.first { $0["function"] as? String == "orders" }
        #expect(rollout?["weight"] as? Int == 10)
        #expect(rollout?["to"] as? String == "2")
        // The bake is 2 s: the next step is at most that far off.
        #expect((rollout?["secondsToNextStep"] as? Int).map { (0...2).contains($0) } == true, "\(rollout ?? [:])")
        #expect(rollout?["nextStepAt"] is String)
        #expect(rollout?["steps"] as? [Int] == [10, 100], "the canary's steps, for the status page's timeline")
        #expect(rollout?["stepSeconds"] as? Int == 2)

        let finish = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(finish.status == 0, "\(finish.standardError)")
        #expect(finish.standardError.contains("shop-dev-orders: all traffic on version 2"))
        // Nobody invoked version 2: the bake was extended, then the rollout went on (the default
        // onNoTraffic: proceed).
        #expect(
            finish.standardError.contains("no invocations of version 2 since the step began; step extended"),
            "\(finish.standardError)")
        let after = try fixture.status()
        #expect(after["phase"] as? String == "synced", "\(after)")
        let diff = try fixture.ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(diff.status == 0, "\(diff.standardOutput)")
    }

    @Test("an alarm that fires during the bake sends all traffic back and exits 3")
    func alarmRollsBack() throws {
        // Version 2 fails every request; the emulator evaluates the errors alarm on them, its
        // clock 6 times real time (a 60 s period in 10 s).
        let fixture = try RolloutFixture(
            handler: "Tests/Support/handlers/answers.py", emulatorArguments: ["--evaluate-alarms", "--clock-rate", "6"])
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"))
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50)
        #expect(canary.statuses == ["200": 90, "502": 10], "\(canary.statuses)")
        let reason = try fixture.reasonOnceInAlarm("shop-dev-orders-errors")
        #expect(reason?.hasPrefix("Threshold Crossed: ") == true, "\(String(describing: reason))")

        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            // The route's 5XX alarm may fire too: the 502s went through the API.
            VersionMetricsGateCommandTests.rolledBackOnErrorsAlarm(advance.standardError, to: "1"),
            "\(advance.standardError)")
        let after = try fixture.status()
        #expect(after["phase"] as? String == "failed")
        #expect(after["reason"] as? String == "RolledBack")
        // The failed image is not tried again while the desired state is unchanged.
        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(!again.standardError.contains("rollout 1 → 2 started"), "\(again.standardError)")
    }
}
