import Foundation
import Testing

/// A new desired image while a rollout is in progress: the rollout in progress goes back to the
/// stable version first, then the new one starts from there, and the decision is logged.
@Suite("a rollout superseded by a newer desired image", .serialized)
final class SupersedeCommandTests {
    @Test("10% on version 2, then the tag is pushed again: back to 1, then 10% on version 3")
    func supersededRollout() throws {
        let fixture = try RolloutFixture(rollout: "{ strategy: canary, percent: 10, bake: 1h }")
        let first = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(first.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(first.standardError)")
        try fixture.repush(seed: "newer")

        let diff = try fixture.ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(diff.status == 2, "\(diff.standardError)")
        #expect(
            diff.standardOutput.contains(
                "rollout orders: the rollout to version 2 is for an image or configuration no longer desired; back to version 1 first"
            ), "\(diff.standardOutput)")

        let next = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(next.status == 0, "\(next.standardError)")
        let log = next.standardError
        let superseded = try #require(
            log.range(
                of:
                    "shop-dev-orders: rollout 1 → 2 superseded by a newer desired image or configuration: all traffic back on version 1; a new rollout starts from there"
            ), "\(log)")
        let started = try #require(log.range(of: "shop-dev-orders: rollout 1 → 3 started"), "\(log)")
        #expect(superseded.lowerBound < started.lowerBound)
        #expect(log.contains("shop-dev-orders: 10% of traffic on version 3"), "\(log)")
        let rollout = try fixture.rollout()
        #expect(rollout?["from"] as? String == "1")
        #expect(rollout?["to"] as? String == "3")
        #expect(rollout?["weight"] as? Int == 10)
        let alias = try fixture.lambda(
            "a = lam.get_alias(FunctionName='shop-dev-orders', Name='live')\n"
                + "print(json.dumps([a['FunctionVersion'], (a.get('RoutingConfig') or {}).get('AdditionalVersionWeights', {})]))"
        )
        #expect((alias as? [Any])?.first as? String == "1")
        #expect((alias as? [Any])?.last as? [String: Double] == ["3": 0.1])

        // Running it again resumes the new rollout, superseding nothing.
        let again = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(!again.standardError.contains("superseded"), "\(again.standardError)")
    }
}
