import Foundation
import Testing

/// The new version's own metrics gate a canary (GetMetricData with `ExecutedVersion`), from real
/// requests: the emulator runs each version's handler for the requests a loopback generator
/// sends through the REST API, and publishes the metrics Lambda would for them. No metric is
/// put and no alarm state set by hand; the function-wide alarms are evaluated by the emulator
/// (its clock 60 times real time, a 60 s period every second) on the same requests.
@Suite("the new version's own metrics gate a rollout", .serialized)
final class VersionMetricsGateCommandTests {
    static let answers = "Tests/Support/handlers/answers.py"

    /// Whether `output` has the rollback line of shop-dev-orders for its errors alarm, with or
    /// without its route's 5XX alarm beside it (both see the failing version's answers through
    /// the API, and either may be evaluated first).
    static func rolledBackOnErrorsAlarm(_ output: String, to version: String) -> Bool {
        let line = "shop-dev-orders: rolled back to version \(version): "
        return output.contains(line + "alarm in ALARM: shop-dev-orders-errors")
            || output.contains(line + "alarms in ALARM: shop-dev-orders-api-5xx, shop-dev-orders-errors")
    }

    @Test("errors of the new version alone roll it back, though the function-wide alarm never fired")
    func newVersionErrorsRollBack() throws {
        // The function-wide errors alarm allows 50 a minute: the canary's 5 never reach it.
        let fixture = try RolloutFixture(
            handler: Self.answers, alarms: "{ errors: 50, durationMs: 3000, api5xx: 1000, apiLatencyMs: 2000 }",
            emulatorArguments: ["--evaluate-alarms", "--clock-rate", "60"])
        try fixture.repush(seed: "half", handler: "Tests/Support/handlers/fails_half.py")
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        // Every 10th request reaches version 2, which fails every other one.
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50)
        #expect(canary.statuses == ["200": 95, "502": 5], "\(canary.statuses)")

        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains(
                "shop-dev-orders: rolled back to version 1: version 2: Errors 5 of 10 invocations (50.0%) since the step began, at or over 1 allowed"
            ), "\(advance.standardError)")
        let status = try fixture.status()
        #expect(status["phase"] as? String == "failed")
        #expect((status["firingAlarms"] as? [String] ?? []).isEmpty, "no alarm fired: \(status)")
        #expect(try fixture.alarmState("shop-dev-orders-errors") == "OK", "evaluated on the requests, under 50")
    }

    @Test("a slow new version (p99 over the duration threshold) is rolled back, naming Duration")
    func slowVersionRollsBack() throws {
        // Version 2 takes 300 ms a request; the threshold is 200 ms. The function-wide average
        // (nine fast requests in ten) stays under it over a period of 10 s (the clock 6 times
        // real time); at 60 times, a one-second period holding only the last request, a slow
        // one, fired the duration alarm first.
        let fixture = try RolloutFixture(
            handler: Self.answers, alarms: "{ errors: 1, durationMs: 200, api5xx: 1, apiLatencyMs: 2000 }",
            emulatorArguments: ["--evaluate-alarms", "--clock-rate", "6"])
        try fixture.repush(seed: "slow", handler: "Tests/Support/handlers/slow.py")
        _ = try fixture.ballast(["reconcile", "--stage", "dev"])
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50)
        #expect(canary.statuses == ["200": 100], "\(canary.statuses)")
        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains("rolled back to version 1: version 2: Duration p99 3"),
            "\(advance.standardError)")
        #expect(advance.standardError.contains(" ms, at or over 200 ms"), "\(advance.standardError)")
        #expect(try fixture.alarmState("shop-dev-orders-duration") == "OK", "\(advance.standardError)")
    }

    @Test("errors of the old version, its alarm in ALARM before the rollout began: the rollout completes")
    func stableVersionTroubleDoesNotBlock() throws {
        // Version 1 fails every other request. The clock runs 6 times real time: a 60 s period
        // is 10 s, so the steady traffic keeps the errors alarm in ALARM without a gap (a period
        // without requests would put it back to OK, and its next ALARM would stop the rollout).
        let fixture = try RolloutFixture(
            handler: "Tests/Support/handlers/fails_half.py",
            emulatorArguments: ["--evaluate-alarms", "--clock-rate", "6"])
        try fixture.repush(seed: "good", handler: Self.answers)
        let traffic = try TrafficGenerator(fixture, rate: 20, count: 20 * 90, maxSeconds: 90)
        _ = try fixture.reasonOnceInAlarm("shop-dev-orders-errors")
        Thread.sleep(forTimeInterval: 1.1)  // the record keeps whole seconds
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        // The route's 5XX alarm sees version 1's failures through the API too, and may have fired.
        let notGating = " already in ALARM before the rollout began: not gating it; version 2's own metrics do"
        #expect(
            start.standardError.contains("shop-dev-orders: shop-dev-orders-errors" + notGating)
                || start.standardError.contains(
                    "shop-dev-orders: shop-dev-orders-api-5xx, shop-dev-orders-errors" + notGating),
            "\(start.standardError)")
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")

        let finish = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        let report = try traffic.stop()
        #expect(finish.status == 0, "\(finish.standardError)")
        #expect(finish.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(finish.standardError)")
        #expect(!finish.standardError.contains("rolled back"), "\(finish.standardError)")
        #expect(!finish.standardError.contains("step extended"), "version 2 had traffic: \(finish.standardError)")
        #expect(report.failed > 0, "version 1 failed requests all along: \(report.statuses)")

        // An alarm that fires during the rollout still stops it. Version 2 answers every
        // request: the errors alarm goes back to OK by itself, then version 3 fails them all.
        #expect(try fixture.alarmState("shop-dev-orders-errors", becomes: "OK") == "OK")
        try fixture.repush(seed: "next", handler: "Tests/Support/handlers/fails.py")
        let next = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(next.standardError.contains("10% of traffic on version 3"), "\(next.standardError)")
        let canary = try TrafficGenerator.send(fixture, count: 100, rate: 50)
        #expect(canary.statuses == ["200": 90, "502": 10], "\(canary.statuses)")
        _ = try fixture.reasonOnceInAlarm("shop-dev-orders-errors")
        let stopped = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(stopped.status == 3, "\(stopped.standardError)")
        #expect(
            // The route's 5XX alarm may fire too: the 502s went through the API.
            Self.rolledBackOnErrorsAlarm(stopped.standardError, to: "2"),
            "\(stopped.standardError)")
    }

    @Test("no traffic on the new version with onNoTraffic: halt: extended to 3× the step, then halted")
    func noTrafficHalts() throws {
        let fixture = try RolloutFixture(
            rollout: "{ strategy: canary, percent: 10, bake: 1s, onNoTraffic: halt }", handler: Self.answers)
        try fixture.repush(seed: "quiet", handler: Self.answers)
        _ = try fixture.ballast(["reconcile", "--stage", "dev"])
        let began = Date()
        let wait = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(wait.status == 0, "\(wait.standardError)")
        #expect(Date().timeIntervalSince(began) >= 2, "the step was held up to 3× its length")
        #expect(
            wait.standardError.contains(
                "shop-dev-orders: no invocations of version 2 since the step began; step extended (up to 3× its length)"
            ),
            "\(wait.standardError)")
        #expect(
            wait.standardError.contains("no invocations of version 2 in 3× the step; halted (onNoTraffic: halt)"),
            "\(wait.standardError)")
        #expect(!wait.standardError.contains("all traffic on version 2"), "\(wait.standardError)")
        let rollout = try fixture.rollout()
        #expect(rollout?["weight"] as? Int == 10)
        #expect(
            (rollout?["note"] as? String)?.contains("halted (onNoTraffic: halt)") == true,
            "\(String(describing: rollout))")

        // Traffic at last: 50 requests, 5 of them to version 2; the rollout goes on.
        let traffic = try TrafficGenerator.send(fixture, count: 50, rate: 50)
        #expect(traffic.statuses == ["200": 50], "\(traffic.statuses)")
        let resumed = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(resumed.standardError.contains("all traffic on version 2"), "\(resumed.standardError)")
    }
}
