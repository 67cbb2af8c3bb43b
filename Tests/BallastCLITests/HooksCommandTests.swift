import Foundation
import Testing

/// A `beforeTraffic` hook, end to end: orders names catalog as its hook; the emulator runs
/// catalog's handler (named by its image) when Ballast invokes it at its alias `live`, and its
/// AWS/Lambda metrics count how often it ran.
@Suite("beforeTraffic hooks against the emulator", .serialized)
final class HooksCommandTests {
    @Test("a passing hook runs once per rollout, before traffic moves, and the rollout goes on")
    func passingHookRunsOnce() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append("hooks: { beforeTraffic: catalog, timeout: 20s }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let hook = lines.firstIndex {
            $0.contains("shop-dev-orders: beforeTraffic hook shop-dev-catalog passed for version 2")
        }
        let shift = lines.firstIndex { $0.contains("shop-dev-orders: 10% of traffic on version 2") }
        #expect(hook != nil && shift != nil && hook! < shift!, "the hook before any traffic: \(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1)

        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1, "not run again")
    }

    @Test("a failing hook stops the rollout with 0% of traffic moved")
    func failingHookStops() throws {
        // Every image of the fixture fails, the hook catalog's too; the new orders answers.
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/fails.py")
        try fixture.append("hooks: { beforeTraffic: catalog }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")
        let before = try fixture.liveAlias()

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rollout 1 → 2 stopped before any traffic moved, all traffic stays on version 1: beforeTraffic hook shop-dev-catalog failed (Unhandled): RuntimeError: this version is broken"
            ), "\(result.standardError)")
        let after = try fixture.liveAlias()
        #expect(after["version"] as? String == "1")
        #expect(after["revision"] as? String == before["revision"] as? String, "\(before) → \(after)")
        let rollout = try #require(try fixture.rollout())
        #expect(rollout["phase"] as? String == "rolledBack")
        #expect(
            (rollout["note"] as? String)?.hasPrefix("beforeTraffic hook shop-dev-catalog failed") == true, "\(rollout)")
    }

    @Test("a hook that does not answer within its timeout stops the rollout")
    func slowHookTimesOut() throws {
        // Every image of the fixture answers after 3 s, the hook catalog's too.
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/late.py")
        try fixture.append("hooks: { beforeTraffic: catalog, timeout: 1s }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "all traffic stays on version 1: beforeTraffic hook shop-dev-catalog did not answer within 1s"),
            "\(result.standardError)")
        #expect(try fixture.liveAlias()["version"] as? String == "1")
    }

    @Test("a hook started but never recorded as answered (a crash) is not run again: the rollout is rolled back")
    func interruptedHookIsNotRunTwice() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append("hooks: { beforeTraffic: catalog }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")
        // What a controller killed while the hook ran leaves behind: the record of the rollout
        // to version 2 (which this reconcile publishes) saying the hook was started.
        _ = try fixture.lambda(
            """
            arn = lam.get_function(FunctionName='shop-dev-orders')['Configuration']['FunctionArn']
            record = {'from': '1', 'to': '2', 'step': 0, 'stepStartedAt': '2026-01-01T00:00:00Z',
                      'phase': 'progressing', 'beforeTraffic': 'started'}
            lam.tag_resource(Resource=arn, Tags={'ballast:rollout': json.dumps(record, separators=(',', ':'))})
            print('{}')
            """)

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rolled back to version 1: beforeTraffic hook was interrupted before its answer was recorded; not run twice"
            ), "\(result.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 0)
        #expect(try fixture.liveAlias()["version"] as? String == "1")
    }
}
