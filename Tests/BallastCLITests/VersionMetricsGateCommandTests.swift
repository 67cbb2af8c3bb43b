import Foundation
import Testing

/// The new version's own metrics gate a canary (GetMetricData with `ExecutedVersion`), driven
/// with PutMetricData as Lambda would publish them. The emulator's GetMetricData matches the
/// exact dimension set and the time window as AWS does; its p99 comes from the emulator's
/// extension (moto has no percentiles).
@Suite("the new version's own metrics gate a rollout", .serialized)
final class VersionMetricsGateCommandTests {
    func putMetrics(_ fixture: RolloutFixture, version: String, _ values: [String]) throws {
        try PythonScript.run(
            "Tests/Support/put_metric_data.py",
            [fixture.emulator.url, "us-east-1", "shop-dev-orders", "live", version] + values)
    }

    @Test("errors of the new version alone roll it back, though the function-wide alarm never fired")
    func newVersionErrorsRollBack() throws {
        let fixture = try RolloutFixture()
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        try putMetrics(fixture, version: "1", ["Invocations=90", "Duration=120"])
        try putMetrics(fixture, version: "2", ["Invocations=10", "Errors=1", "Duration=130"])

        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains(
                "shop-dev-orders: rolled back to version 1: version 2: Errors 1 of 10 invocations (10.0%) since the step began, at or over 1 allowed"
            ), "\(advance.standardError)")
        let status = try fixture.status()
        #expect(status["phase"] as? String == "failed")
        #expect((status["firingAlarms"] as? [String] ?? []).isEmpty, "no alarm fired: \(status)")
    }

    @Test("a slow new version (p99 over the duration threshold) is rolled back, naming Duration")
    func slowVersionRollsBack() throws {
        let fixture = try RolloutFixture()
        _ = try fixture.ballast(["reconcile", "--stage", "dev"])
        // orders in dev: timeout 10s, no durationMs threshold: 80% of the timeout, 8000 ms.
        let durations = (Array(repeating: "100", count: 98) + ["9000", "9500"]).joined(separator: ",")
        try putMetrics(fixture, version: "2", ["Invocations=100", "Duration=\(durations)"])
        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains("rolled back to version 1: version 2: Duration p99 9000 ms, at or over"),
            "\(advance.standardError)")
    }

    @Test("errors of the old version, its alarm in ALARM before the rollout began: the rollout completes")
    func stableVersionTroubleDoesNotBlock() throws {
        let fixture = try RolloutFixture()
        try putMetrics(fixture, version: "1", ["Invocations=20", "Errors=5"])
        try PythonScript.run(
            "Tests/Support/set_alarm_state.py", [fixture.emulator.url, "us-east-1", "shop-dev-orders-errors", "ALARM"])
        Thread.sleep(forTimeInterval: 1.1)  // the record keeps whole seconds
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(
            start.standardError.contains(
                "shop-dev-orders: shop-dev-orders-errors already in ALARM before the rollout began: not gating it; version 2's own metrics do"
            ), "\(start.standardError)")
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        try putMetrics(fixture, version: "2", ["Invocations=10", "Duration=80"])
        try putMetrics(fixture, version: "1", ["Invocations=90", "Errors=7"])

        let finish = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(finish.status == 0, "\(finish.standardError)")
        #expect(finish.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(finish.standardError)")
        #expect(!finish.standardError.contains("rolled back"), "\(finish.standardError)")
        #expect(!finish.standardError.contains("step extended"), "version 2 had traffic: \(finish.standardError)")

        // An alarm that fires during the rollout still stops it.
        try fixture.repush(seed: "next")
        try PythonScript.run(
            "Tests/Support/set_alarm_state.py", [fixture.emulator.url, "us-east-1", "shop-dev-orders-errors", "OK"])
        let next = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(next.standardError.contains("10% of traffic on version 3"), "\(next.standardError)")
        try PythonScript.run(
            "Tests/Support/set_alarm_state.py", [fixture.emulator.url, "us-east-1", "shop-dev-orders-errors", "ALARM"])
        let stopped = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(stopped.status == 3, "\(stopped.standardError)")
        #expect(
            stopped.standardError.contains("rolled back to version 2: alarm in ALARM: shop-dev-orders-errors"),
            "\(stopped.standardError)")
    }

    @Test("no traffic on the new version with onNoTraffic: halt: extended to 3× the step, then halted")
    func noTrafficHalts() throws {
        let fixture = try RolloutFixture(rollout: "{ strategy: canary, percent: 10, bake: 1s, onNoTraffic: halt }")
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

        // Traffic at last: the rollout goes on.
        try putMetrics(fixture, version: "2", ["Invocations=5"])
        let resumed = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(resumed.standardError.contains("all traffic on version 2"), "\(resumed.standardError)")
    }
}
