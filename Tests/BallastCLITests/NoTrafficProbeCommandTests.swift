import Foundation
import Testing

/// `onNoTraffic: probe` end to end: nobody invokes the canary, so Ballast sends orders' checks
/// to the new version during the bake; the emulator runs its handler.
@Suite("onNoTraffic: probe against the emulator", .serialized)
final class NoTrafficProbeCommandTests {
    static let settings = """
        rollout: { onNoTraffic: probe, probeEvery: 1s }
        checks:
          - { name: list, method: GET, path: /orders, expect: { status: 200 } }

        """

    @Test("a canary nobody invokes is probed with its checks and promoted when its bake ends, not extended")
    func passingProbesPromote() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append(Self.settings)
        try fixture.repush(seed: "good", handler: "Tests/Support/handlers/answers.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: version 2 had no invocations since the step began: probed with its 1 check, passed (onNoTraffic: probe)"
            ), "\(result.standardError)")
        #expect(!result.standardError.contains("step extended"), "\(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(try fixture.liveInvocations(of: "orders", version: "2") == 0, "no user traffic reached it")
    }

    @Test("a canary that fails its probe is rolled back, the reason naming the probe and the check")
    func failingProbeRollsBack() throws {
        let fixture = try RolloutFixture(handler: "Tests/Support/handlers/answers.py")
        try fixture.append(Self.settings)
        // Answers the check before traffic, fails every invocation after it: the probe.
        try fixture.repush(seed: "bad later", handler: "Tests/Support/handlers/fails_after_first.py")

        let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "shop-dev-orders: rolled back to version 1: probe of version 2, which had no invocations since the step began: check 'list' failed"
            ), "\(result.standardError)")
        #expect(try fixture.liveAlias()["version"] as? String == "1")
        let rollout = try #require(try fixture.rollout())
        #expect(rollout["phase"] as? String == "rolledBack")
        #expect((rollout["note"] as? String)?.hasPrefix("probe of version 2") == true, "\(rollout)")
    }
}
