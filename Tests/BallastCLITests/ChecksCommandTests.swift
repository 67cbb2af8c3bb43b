import Foundation
import Testing

/// Checks before traffic, end to end: the emulator runs each version's handler (named by its
/// image), Ballast invokes the new version itself with each check's API Gateway request
/// before the alias `live` gives it any weight, and `ballast check` runs them on demand.
@Suite("checks before traffic against the emulator", .serialized)
final class ChecksCommandTests {
    /// A check every version of `answers.py` passes and `fails.py` fails.
    static let checks = """
        checks:
          - name: list orders
            method: GET
            path: /orders
            headers: { Authorization: Bearer check-secret-token }
            expect: { status: 200, json: { path: /orders } }

        """

    /// The orders file of the fixture with `text` appended (top-level keys).
    func append(_ text: String, to fixture: RolloutFixture) throws {
        let file = fixture.desired.appendingPathComponent("functions/orders.yaml")
        let current = try String(contentsOf: file, encoding: .utf8)
        try (current + (current.hasSuffix("\n") ? "" : "\n") + text).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The alias `live` as the emulator has it: version, weights and RevisionId.
    func alias(_ fixture: RolloutFixture) throws -> [String: Any] {
        try fixture.lambda(
            """
            alias = lam.get_alias(FunctionName='shop-dev-orders', Name='live')
            print(json.dumps({'version': alias['FunctionVersion'], 'revision': alias['RevisionId'],
                              'weights': (alias.get('RoutingConfig') or {}).get('AdditionalVersionWeights') or {}}))
            """) as? [String: Any] ?? [:]
    }

    /// Sends `count` GET /orders requests through the dev stage's REST API (loopback, 50 a
    /// second); the answers' HTTP statuses and how often each came.
    func sendTraffic(_ fixture: RolloutFixture, count: Int) throws -> [String: Int] {
        let script = LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/send_traffic.py").path
        let printed = try PythonScript.jsonPrinted(
            byCode: "import runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')",
            [
                script, fixture.emulator.url, "us-east-1", "shop-dev", "dev", "GET", "/orders", "--count", "\(count)",
                "--rate", "50", "--max-seconds", "30",
            ])
        return (printed as? [String: Any])?["statuses"] as? [String: Int] ?? [:]
    }

    /// How many invocations of `version` of orders ran through the alias `live` (user traffic),
    /// by the emulator's own AWS/Lambda metrics.
    func liveInvocations(_ fixture: RolloutFixture, version: String) throws -> Double {
        try PythonScript.jsonPrinted(
            byCode: """
                import boto3, datetime, json, sys
                cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                  aws_access_key_id='testing', aws_secret_access_key='testing')
                now = datetime.datetime.now(datetime.timezone.utc)
                points = cw.get_metric_statistics(
                    Namespace='AWS/Lambda', MetricName='Invocations', Statistics=['Sum'], Period=60,
                    StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(minutes=5),
                    Dimensions=[{'Name': 'FunctionName', 'Value': 'shop-dev-orders'},
                                {'Name': 'Resource', 'Value': 'shop-dev-orders:live'},
                                {'Name': 'ExecutedVersion', 'Value': sys.argv[2]}])['Datapoints']
                print(json.dumps(sum(p['Sum'] for p in points)))
                """, [fixture.emulator.url, version]) as? Double ?? -1
    }

    @Test("a version that fails its checks is stopped with 0% of traffic moved: live never changes")
    func failingChecksStopTheRollout() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try append(Self.checks, to: fixture)
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let before = try alias(fixture)

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rollout 1 → 2 stopped before any traffic moved, all traffic stays on version 1: check 'list orders' failed: the function failed (Unhandled); got RuntimeError: this version is broken; expected status 200, path = \"/orders\""
            ), "\(result.standardError)")
        #expect(!result.standardError.contains("check-secret-token"))
        #expect(!result.standardError.contains("% of traffic on version 2"), "\(result.standardError)")

        // The alias was never updated: same version, no weights, the same RevisionId (the
        // emulator gives every update a new one).
        let after = try alias(fixture)
        #expect(after["version"] as? String == "1")
        #expect((after["weights"] as? [String: Any])?.isEmpty == true, "\(after)")
        #expect(after["revision"] as? String == before["revision"] as? String, "\(before) → \(after)")
        // Users reach version 1 only: every request through the API answers 200 (version 2
        // fails every one), and by the emulator's metrics none ran version 2 through live.
        let traffic = try sendTraffic(fixture, count: 20)
        #expect(traffic == ["200": 20], "\(traffic)")
        #expect(try liveInvocations(fixture, version: "1") == 20)
        #expect(try liveInvocations(fixture, version: "2") == 0)

        let status = try fixture.status()
        #expect(status["phase"] as? String == "failed", "\(status)")
        #expect(
            (status["message"] as? String)?.contains("orders rolled back to 1: check 'list orders' failed") == true,
            "\(status)")
        let rollout = try #require(try fixture.rollout())
        #expect(rollout["phase"] as? String == "rolledBack")
        #expect(
            (rollout["note"] as? String)?.hasPrefix("check 'list orders' failed: the function failed") == true,
            "\(rollout)")

        // The same image is not tried again while the desired state still asks for it.
        let again = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try alias(fixture)["revision"] as? String == before["revision"] as? String)
    }

    @Test("a version that passes its checks rolls out")
    func passingChecksRollOut() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try append(Self.checks, to: fixture)
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: version 2 passed its 1 check before traffic"),
            "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(try alias(fixture)["version"] as? String == "2")
    }

    @Test("ballast check runs the checks against live's version or a named one: exit 0 when all pass, 1 otherwise")
    func checkCommand() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try append(
            Self.checks + """
                  - { name: created, method: POST, path: /orders, expect: { status: 201 } }

                """, to: fixture)

        let mixed = try fixture.ballast(["check", "orders", "--stage", "dev"])
        #expect(mixed.status == 1, "\(mixed.standardError)")
        let lines = mixed.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                #"pass  list orders: got 200, body '{"version": "1", "path": "/orders"}' (expected status 200, path = "/orders")"#,
                #"FAIL  created: status 200, not 201; got 200, body '{"version": "1", "path": "/orders"}' (expected status 201)"#,
                "shop-dev-orders version 1: 1 of 2 checks passed",
            ], "\(mixed.standardOutput)")

        // In dev, only a check the version passes.
        let file = fixture.desired.appendingPathComponent("functions/orders.yaml")
        try (try String(contentsOf: file, encoding: .utf8))
            .replacingOccurrences(
                of: "environment: { LOG_LEVEL: debug } }",
                with:
                    "environment: { LOG_LEVEL: debug }, checks: [{ method: GET, path: /orders, expect: { status: 200 } }] }"
            )
            .write(to: file, atomically: true, encoding: .utf8)
        let passing = try fixture.ballast(["check", "orders", "--stage", "dev", "--version", "1"])
        #expect(passing.status == 0, "\(passing.standardError)")
        #expect(passing.standardOutput.hasPrefix("pass  GET /orders: got 200"), "\(passing.standardOutput)")

        let missing = try fixture.ballast(["check", "orders", "--stage", "dev", "--version", "9"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("shop-dev-orders has no version 9"), "\(missing.standardError)")
    }
}
