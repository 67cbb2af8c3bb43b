import BallastTestSupport
import Foundation
import Testing

/// The closed loop: a steady stream of user requests through the REST API while Ballast rolls a
/// new version out by canary, and the version's own metrics, which the emulator publishes for
/// those very requests, are all that stops a bad one. Nothing sets an alarm state or puts a
/// metric by hand. The function-wide alarms are evaluated (the emulator's clock 60 times real
/// time: a 60 s period passes every second) but set out of the traffic's reach, so what rolls
/// a version back is its own metrics alone: a 10% canary failing half its requests moves the
/// function-wide error rate by 5%, which a function-wide alarm, as CodeDeploy watches, need not
/// catch.
@Suite("the closed loop: real traffic through the API stops a bad canary", .serialized)
final class ClosedLoopCommandTests {
    /// Requests a second, during the whole rollout.
    static let rate = 20
    /// The canary's share of them.
    static let share = 0.1
    /// The function-wide thresholds, out of the traffic's reach (20 requests a second) except
    /// the duration threshold, which the new version's p99 is held to.
    static let alarms = "{ errors: 100, durationMs: 200, api5xx: 1000, apiLatencyMs: 5000 }"

    /// Version 1 answers every request; the candidate (version 2) runs `handler`.
    func fixture(_ handler: String) throws -> RolloutFixture {
        let fixture = try RolloutFixture(
            rollout: "{ strategy: canary, percent: 10, bake: 4s }", handler: "Tests/Support/handlers/answers.py",
            alarms: Self.alarms, emulatorArguments: ["--evaluate-alarms", "--clock-rate", "60"])
        try fixture.repush(seed: "candidate", handler: "Tests/Support/handlers/\(handler).py")
        return fixture
    }

    /// Runs `reconcile --stage dev --wait` while the traffic flows; the result, the traffic's
    /// report (stopped 2 s after the reconcile returned) and when the reconcile began and ended.
    func reconcileUnderTraffic(_ fixture: RolloutFixture) throws -> (
        BallastExecutable.Result, TrafficReport, began: Date, ended: Date
    ) {
        let traffic = try TrafficGenerator(fixture, rate: Self.rate, count: Self.rate * 120, maxSeconds: 120)
        Thread.sleep(forTimeInterval: 1)  // users were there before the rollout
        let began = Date()
        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        let ended = Date()
        Thread.sleep(forTimeInterval: 2)  // and after it
        return (result, try traffic.stop(), began, ended)
    }

    /// The most bad answers a canary of `share` whose version fails `failing` of its requests
    /// can give at `rate` in `seconds`, one more for the request in flight.
    static func bound(seconds: TimeInterval, failing: Double) -> Int {
        Int((Double(rate) * share * failing * seconds).rounded(.up)) + 1
    }

    /// The errors alarm was evaluated on the traffic and stayed OK: no function-wide alarm
    /// stopped the rollout.
    func expectFunctionAlarmsCalm(_ fixture: RolloutFixture) throws {
        let states =
            try PythonScript.jsonPrinted(
                byCode: """
                    import boto3, json, sys
                    cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                      aws_access_key_id='testing', aws_secret_access_key='testing')
                    names = ['shop-dev-orders-errors', 'shop-dev-orders-duration']
                    print(json.dumps({a['AlarmName']: a['StateValue'] for a in cw.describe_alarms(AlarmNames=names)['MetricAlarms']}))
                    """, [fixture.emulator.url]) as? [String: String]
        #expect(
            states == ["shop-dev-orders-errors": "OK", "shop-dev-orders-duration": "OK"],
            "\(String(describing: states))")
    }

    @Test("a version failing half its requests is rolled back by its own metrics, few users hurt")
    func failingShareRollsBack() throws {
        let fixture = try fixture("fails_half")
        let (result, traffic, began, ended) = try reconcileUnderTraffic(fixture)
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: rolled back to version 1: version 2: Errors "),
            "\(result.standardError)")
        #expect(traffic.statuses["200", default: 0] + traffic.failed == traffic.sent, "\(traffic.statuses)")
        let seconds = ended.timeIntervalSince(began)
        #expect(traffic.failed >= 1, "version 2 met users before it was stopped: \(traffic.statuses)")
        #expect(
            traffic.failed <= Self.bound(seconds: seconds, failing: 0.5),
            "\(traffic.failed) bad answers in \(seconds) s: \(traffic.statuses)")
        #expect(traffic.failedAt.allSatisfy { $0 <= ended }, "no bad answer after the rollback")
        #expect(traffic.ended.timeIntervalSince(ended) >= 1.5, "traffic went on after the rollback")
        try expectFunctionAlarmsCalm(fixture)
        #expect(try fixture.status()["phase"] as? String == "failed")
        print(
            "closed loop, failing half: \(traffic.sent) requests at \(Self.rate)/s, \(traffic.failed) failed, rolled back \(String(format: "%.1f", seconds)) s after the reconcile began"
        )
    }

    @Test("a slow version is rolled back by its own p99 duration, no request failed")
    func slowVersionRollsBack() throws {
        let fixture = try fixture("slow")
        let (result, traffic, began, ended) = try reconcileUnderTraffic(fixture)
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rolled back to version 1: version 2: Duration p99 "),
            "\(result.standardError)")
        #expect(result.standardError.contains("ms, at or over 200 ms"), "\(result.standardError)")
        #expect(traffic.failed == 0 && traffic.statuses["200"] == traffic.sent, "\(traffic.statuses)")
        try expectFunctionAlarmsCalm(fixture)
        print(
            "closed loop, slow: \(traffic.sent) requests, rolled back \(String(format: "%.1f", ended.timeIntervalSince(began))) s after the reconcile began"
        )
    }

    @Test("a good version under the same traffic is promoted after its bake")
    func goodVersionIsPromoted() throws {
        let fixture = try fixture("answers")
        let (result, traffic, _, _) = try reconcileUnderTraffic(fixture)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(!result.standardError.contains("rolled back"), "\(result.standardError)")
        #expect(!result.standardError.contains("step extended"), "version 2 had traffic: \(result.standardError)")
        #expect(traffic.failed == 0 && traffic.statuses["200"] == traffic.sent, "\(traffic.statuses)")
        #expect(try fixture.status()["phase"] as? String == "synced")
        try expectFunctionAlarmsCalm(fixture)
    }

    @Test("the controller (ballast run) rolls a version failing half its requests back under traffic")
    func controllerRollsBack() throws {
        let fixture = try fixture("fails_half")
        // The fixture's desired/ on a Git remote, branch dev; prod's branch does not exist.
        let work = fixture.folder.appendingPathComponent("work")
        let remote = fixture.folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture.desired, to: work.appendingPathComponent("desired"))
        let project = work.appendingPathComponent("desired/ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(of: "    branch: main\n", with: "    branch: release\n")
            .write(to: project, atomically: true, encoding: .utf8)
        try GitDesiredStateTests.git(["init", "-q", "-b", "dev"], in: work)
        try GitDesiredStateTests.git(["add", "-A"], in: work)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "dev rolls out by canary"], in: work)
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: fixture.folder)
        try GitDesiredStateTests.git(["push", "-q", remote.path, "dev"], in: work)

        let traffic = try TrafficGenerator(fixture, rate: Self.rate, count: Self.rate * 150, maxSeconds: 150)
        Thread.sleep(forTimeInterval: 1)
        let began = Date()
        let controller = try ControllerProcess(
            arguments: [
                "--remote", remote.path, "--branch", "dev", "--cache",
                fixture.folder.appendingPathComponent("cache").path,
                "--interval", "1s", "--rollout-tick", "1s", "--listen", "127.0.0.1:0",
            ], environment: fixture.environment, log: fixture.folder.appendingPathComponent("controller.log"))
        let port = try controller.port()
        var rolledBack: Date?
        try Eventually.wait(timeout: 90, "dev's rollout rolled back; log:\n\(controller.output.suffix(4000))") {
            let stage = try HTTPProbe.stage("dev", port: port)
            guard stage["phase"] as? String == "failed" else { return false }
            rolledBack = Date()
            return true
        }
        Thread.sleep(forTimeInterval: 2)
        let report = try traffic.stop()
        #expect(controller.terminate() == 0, "\(controller.output.suffix(3000))")
        #expect(
            controller.output.contains("rolled back to version 1: version 2: Errors "),
            "\(controller.output.suffix(3000))")
        let seen = rolledBack ?? Date()
        let seconds = seen.timeIntervalSince(began)
        #expect(report.failed >= 1, "\(report.statuses)")
        #expect(
            report.failed <= Self.bound(seconds: seconds, failing: 0.5),
            "\(report.failed) bad answers in \(seconds) s: \(report.statuses)")
        #expect(report.failedAt.allSatisfy { $0 <= seen }, "no bad answer after the rollback was reported")
        #expect(report.statuses["200", default: 0] + report.failed == report.sent, "\(report.statuses)")
        try expectFunctionAlarmsCalm(fixture)
        print(
            "closed loop, controller: \(report.sent) requests at \(Self.rate)/s, \(report.failed) failed, rollback seen \(String(format: "%.1f", seconds)) s after the controller started"
        )
    }
}
