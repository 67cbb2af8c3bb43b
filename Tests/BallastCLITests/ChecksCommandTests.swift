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

    @Test("a version that fails its checks is stopped with 0% of traffic moved: live never changes")
    func failingChecksStopTheRollout() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append(Self.checks)
        try fixture.repush(seed: "broken", handler: "Tests/Support/handlers/fails.py")
        let before = try fixture.liveAlias()

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
        let after = try fixture.liveAlias()
        #expect(after["version"] as? String == "1")
        #expect((after["weights"] as? [String: Any])?.isEmpty == true, "\(after)")
        #expect(after["revision"] as? String == before["revision"] as? String, "\(before) → \(after)")
        // Users reach version 1 only: every request through the API answers 200 (version 2
        // fails every one), and by the emulator's metrics none ran version 2 through live.
        let traffic = try fixture.sendOrdersTraffic(count: 20)
        #expect(traffic == ["200": 20], "\(traffic)")
        #expect(try fixture.liveInvocations(of: "orders", version: "1") == 20)
        #expect(try fixture.liveInvocations(of: "orders", version: "2") == 0)

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
        #expect(try fixture.liveAlias()["revision"] as? String == before["revision"] as? String)
    }

    @Test("a version that passes its checks rolls out")
    func passingChecksRollOut() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append(Self.checks)
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: version 2 passed its 1 check before traffic"),
            "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(try fixture.liveAlias()["version"] as? String == "2")
    }

    @Test("ballast check runs the checks against live's version or a named one: exit 0 when all pass, 1 otherwise")
    func checkCommand() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append(
            Self.checks + """
                  - { name: created, method: POST, path: /orders, expect: { status: 201 } }

                """)

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
