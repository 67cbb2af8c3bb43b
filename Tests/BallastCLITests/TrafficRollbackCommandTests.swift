import Foundation
import Testing

/// A canary judged by real traffic: the emulator runs each version's handler (named by its
/// image, `controller/ballast_emulator/handlers.py`), a bounded loopback generator sends
/// requests through the REST API's execute-api path, and the metrics the emulator publishes
/// for those invocations are all the gate sees: no metric put and no alarm state set by hand.
@Suite("a canary judged by real traffic through the API", .serialized)
final class TrafficRollbackCommandTests {
    /// Sends `count` GET /orders requests at `rate` per second through the dev stage; the
    /// answers' HTTP statuses and how often each came.
    func sendTraffic(_ fixture: RolloutFixture, count: Int, rate: Int) throws -> [String: Int] {
        let script = LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/send_traffic.py").path
        let printed = try PythonScript.jsonPrinted(
            byCode: "import runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')",
            [
                script, fixture.emulator.url, "us-east-1", "shop-dev", "dev", "GET", "/orders", "--count", "\(count)",
                "--rate", "\(rate)", "--max-seconds", "30",
            ])
        let answer = printed as? [String: Any]
        #expect(answer?["sent"] as? Int == count, "\(String(describing: printed))")
        return answer?["statuses"] as? [String: Int] ?? [:]
    }

    @Test("a version whose handler fails every request is rolled back on its own metrics")
    func failingVersionIsRolledBack() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let before = try sendTraffic(fixture, count: 20, rate: 50)
        #expect(before == ["200": 20], "version 1 answers: \(before)")

        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        // The alias routes 10% deterministically: every 10th request reaches version 2 and fails.
        let canary = try sendTraffic(fixture, count: 100, rate: 50)
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
        let after = try sendTraffic(fixture, count: 20, rate: 50)
        #expect(after == ["200": 20], "all traffic back on version 1: \(after)")
    }

    /// Waits (up to 30 s) until the alarm `name` is in ALARM by the emulator's own evaluation;
    /// its StateReason, or nil if it never got there.
    func reasonOnceInAlarm(_ fixture: RolloutFixture, _ name: String) throws -> String? {
        try PythonScript.jsonPrinted(
            byCode: """
                import boto3, json, sys, time
                cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                  aws_access_key_id='testing', aws_secret_access_key='testing')
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    alarm = cw.describe_alarms(AlarmNames=[sys.argv[2]])['MetricAlarms'][0]
                    if alarm['StateValue'] == 'ALARM':
                        break
                    time.sleep(0.2)
                print(json.dumps(alarm['StateReason'] if alarm['StateValue'] == 'ALARM' else None))
                """, [fixture.emulator.url, name]) as? String
    }

    @Test("the function-wide errors alarm fires by itself from the failing requests and rolls the canary back")
    func functionAlarmFiresByItself() throws {
        // The emulator evaluates alarms, its clock 6 times real time: a 60 s period takes 10 s.
        let fixture = try RolloutFixture(
            handler: "Tests/Support/handlers/answers.py", emulatorArguments: ["--evaluate-alarms", "--clock-rate", "6"])
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        let canary = try sendTraffic(fixture, count: 100, rate: 50)
        #expect(canary == ["200": 90, "502": 10], "\(canary)")

        let reason = try reasonOnceInAlarm(fixture, "shop-dev-orders-errors")
        // The ten errors may straddle two periods: the first of them that breaches fires it.
        #expect(
            reason?.hasPrefix("Threshold Crossed: 1 out of the last 1 datapoints [") == true
                && reason?.contains("was greater than or equal to the threshold (1.0)") == true,
            "\(String(describing: reason))")
        let advance = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains(
                "shop-dev-orders: rolled back to version 1: alarm in ALARM: shop-dev-orders-errors"),
            "\(advance.standardError)")
    }
}
