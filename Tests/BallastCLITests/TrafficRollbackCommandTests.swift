import Foundation
import Testing

/// A canary judged by real traffic: the emulator runs each version's handler (named by its
/// image, `controller/ballast_emulator/handlers.py`), a bounded loopback generator sends
/// requests through the REST API's execute-api path, and the metrics the emulator publishes
/// for those invocations are all the gate sees: no metric put and no alarm state set by hand.
@Suite("a canary judged by real traffic through the API", .serialized)
final class TrafficRollbackCommandTests {
    @Test("a version whose handler fails every request is rolled back on its own metrics")
    func failingVersionIsRolledBack() throws {
        // The emulator evaluates the function-wide alarms (its clock 60 times real time), but the
        // errors alarm allows 50 a minute: the canary's 10 errors cannot fire it, only the
        // version's own metrics can stop the rollout.
        let fixture = try RolloutFixture(
            handler: "Tests/Support/handlers/answers.py",
            alarms: "{ errors: 50, durationMs: 3000, api5xx: 1000, apiLatencyMs: 2000 }",
            emulatorArguments: ["--evaluate-alarms", "--clock-rate", "60"])
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let before = try TrafficGenerator.send(fixture, count: 20, rate: 50).statuses
        #expect(before == ["200": 20], "version 1 answers: \(before)")

        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        // The alias routes 10% deterministically: every 10th request reaches version 2 and fails.
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50).statuses
        #expect(canary == ["200": 90, "502": 10], "\(canary)")

        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains(
                "shop-dev-orders: rolled back to version 1: version 2: Errors 10 of 10 invocations (100.0%)"),
            "\(advance.standardError)")
        let status = try fixture.status()
        #expect(status["phase"] as? String == "failed")
        #expect((status["firingAlarms"] as? [String] ?? []).isEmpty, "no alarm fired: \(status)")
        #expect(try fixture.alarmState("shop-dev-orders-errors") == "OK", "evaluated on the requests, under 50")
        let after = try TrafficGenerator.send(fixture, count: 20, rate: 50).statuses
        #expect(after == ["200": 20], "all traffic back on version 1: \(after)")
    }

    @Test("the function-wide errors alarm fires by itself from the failing requests and rolls the canary back")
    func functionAlarmFiresByItself() throws {
        // The emulator evaluates alarms, its clock 6 times real time: a 60 s period takes 10 s.
        let fixture = try RolloutFixture(
            handler: "Tests/Support/handlers/answers.py", emulatorArguments: ["--evaluate-alarms", "--clock-rate", "6"])
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50).statuses
        #expect(canary == ["200": 90, "502": 10], "\(canary)")

        let reason = try fixture.reasonOnceInAlarm("shop-dev-orders-errors")
        // The ten errors may straddle two periods: the first of them that breaches fires it.
        #expect(
            reason?.hasPrefix("Threshold Crossed: 1 out of the last 1 datapoints [") == true
                && reason?.contains("was greater than or equal to the threshold (1.0)") == true,
            "\(String(describing: reason))")
        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            // The route's 5XX alarm may fire too: the 502s went through the API.
            VersionMetricsGateCommandTests.rolledBackOnErrorsAlarm(advance.standardError, to: "1"),
            "\(advance.standardError)")
    }
}
