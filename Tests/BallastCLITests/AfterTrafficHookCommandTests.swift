import Foundation
import Testing

/// An `afterTraffic` hook, end to end: orders names catalog as its hook; the emulator runs
/// catalog's handler (named by its image) when Ballast invokes it at its alias `live` once all
/// traffic is on the new version, and its AWS/Lambda metrics count how often it ran.
@Suite("afterTraffic hooks against the emulator", .serialized)
final class AfterTrafficHookCommandTests {
    @Test("a passing hook runs once, after all traffic is on the new version and before the rollout is complete")
    func passingHookRunsOnce() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append("hooks: { afterTraffic: catalog, timeout: 20s }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let canary = lines.firstIndex { $0.contains("shop-dev-orders: 10% of traffic on version 2") }
        let serving = lines.firstIndex {
            $0.contains(
                "shop-dev-orders: version 2 serves all traffic; invoking its afterTraffic hook shop-dev-catalog")
        }
        let hook = lines.firstIndex {
            $0.contains("shop-dev-orders: afterTraffic hook shop-dev-catalog passed for version 2")
        }
        #expect(
            canary != nil && serving != nil && hook != nil && canary! < serving! && serving! < hook!,
            "the canary, then all traffic, then the hook: \(result.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1)
        #expect(try fixture.liveAlias()["version"] as? String == "2")
        #expect(try fixture.rollout()?["phase"] as? String == "succeeded")

        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1, "not run again")
    }

    @Test("a failing hook rolls the rollout back from all traffic to the old version, naming the hook")
    func failingHookRollsBack() throws {
        // Every image of the fixture fails, the hook catalog's too; the new orders answers.
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/fails.py")
        try fixture.append("hooks: { afterTraffic: catalog }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let serving = lines.firstIndex { $0.contains("shop-dev-orders: version 2 serves all traffic") }
        let rolledBack = lines.firstIndex {
            $0.contains(
                "shop-dev-orders: rolled back to version 1: afterTraffic hook shop-dev-catalog failed (Unhandled): RuntimeError: this version is broken"
            )
        }
        #expect(
            serving != nil && rolledBack != nil && serving! < rolledBack!,
            "all traffic moved, then back: \(result.standardError)")
        let after = try fixture.liveAlias()
        #expect(after["version"] as? String == "1")
        #expect((after["weights"] as? [String: Any])?.isEmpty == true, "\(after)")
        let rollout = try #require(try fixture.rollout())
        #expect(rollout["phase"] as? String == "rolledBack")
        #expect(
            (rollout["note"] as? String)?.hasPrefix("afterTraffic hook shop-dev-catalog failed") == true, "\(rollout)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1)

        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1, "not run again: \(again.standardError)")
        #expect(try fixture.liveAlias()["version"] as? String == "1")
    }

    @Test("a hook that does not answer within its timeout rolls the rollout back")
    func slowHookTimesOut() throws {
        // Every image of the fixture answers after 3 s, the hook catalog's too.
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/late.py")
        try fixture.append("hooks: { afterTraffic: catalog, timeout: 1s }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rolled back to version 1: afterTraffic hook shop-dev-catalog did not answer within 1s"
            ),
            "\(result.standardError)")
        #expect(try fixture.liveAlias()["version"] as? String == "1")
    }

    @Test("a hook started but never recorded as answered (a crash) is not run again: the rollout is rolled back")
    func interruptedHookIsNotRunTwice() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append("hooks: { afterTraffic: catalog }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")
        // What a controller killed while the hook ran leaves behind: the record of the rollout
        // to version 2 (which this reconcile publishes) at its last step, saying the hook was
        // started.
        _ = try fixture.lambda(
            """
            arn = lam.get_function(FunctionName='shop-dev-orders')['Configuration']['FunctionArn']
            record = {'from': '1', 'to': '2', 'step': 1, 'stepStartedAt': '2026-01-01T00:00:00Z',
                      'phase': 'progressing', 'afterTraffic': 'started'}
            lam.tag_resource(Resource=arn, Tags={'ballast:rollout': json.dumps(record, separators=(',', ':'))})
            print('{}')
            """)

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rolled back to version 1: afterTraffic hook was interrupted before its answer was recorded; not run twice"
            ), "\(result.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 0)
        #expect(try fixture.liveAlias()["version"] as? String == "1")
    }

    @Test("a rollout recorded at its last step before the hook started (a crash) finishes the move and runs the hook")
    func recordedLastStepResumes() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append("hooks: { afterTraffic: catalog }\n")
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")
        // A controller killed after it recorded the last step and before it moved the alias.
        _ = try fixture.lambda(
            """
            arn = lam.get_function(FunctionName='shop-dev-orders')['Configuration']['FunctionArn']
            record = {'from': '1', 'to': '2', 'step': 1, 'stepStartedAt': '2026-01-01T00:00:00Z',
                      'phase': 'progressing'}
            lam.tag_resource(Resource=arn, Tags={'ballast:rollout': json.dumps(record, separators=(',', ':'))})
            print('{}')
            """)

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("10% of traffic"), "not shifted back: \(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: afterTraffic hook shop-dev-catalog passed for version 2"),
            "\(result.standardError)")
        #expect(try fixture.liveInvocations(of: "catalog", version: "1") == 1)
        #expect(try fixture.liveAlias()["version"] as? String == "2")
    }
}
