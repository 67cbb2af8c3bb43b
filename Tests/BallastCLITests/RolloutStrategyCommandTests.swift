import Foundation
import Testing

/// Linear and all-at-once rollouts of a re-pushed image to completion, against the emulator.
@Suite("linear and all-at-once rollouts", .serialized)
final class RolloutStrategyCommandTests {
    @Test("linear 40% every second: 40%, 80%, then all, with the new version invoked at each step")
    func linearCompletes() throws {
        let fixture = try RolloutFixture(
            rollout: "{ strategy: linear, percent: 40, every: 1s }", handler: "Tests/Support/handlers/answers.py")
        try fixture.repush(seed: "next", handler: "Tests/Support/handlers/answers.py")
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 40% of traffic on version 2"), "\(start.standardError)")
        #expect(try fixture.rollout()?["weight"] as? Int == 40)
        // Ten requests through the API: four of them reach version 2.
        let traffic = try TrafficGenerator.send(fixture, count: 10, rate: 50)
        #expect(traffic.statuses == ["200": 10], "\(traffic.statuses)")
        let finish = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(finish.status == 0, "\(finish.standardError)")
        let lines = finish.standardError.split(separator: "\n").filter { $0.hasPrefix("shop-dev-orders: ") }
        let shifts = lines.filter { $0.contains("of traffic on version 2") || $0.contains("all traffic on") }
        #expect(
            shifts == ["shop-dev-orders: 80% of traffic on version 2", "shop-dev-orders: all traffic on version 2"],
            "\(finish.standardError)")
        #expect(try fixture.status()["phase"] as? String == "synced")
    }

    @Test("all at once: straight to the new version, no metrics to wait for")
    func allAtOnceCompletes() throws {
        let fixture = try RolloutFixture(rollout: "{ strategy: allAtOnce }")
        let began = Date()
        let result = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("shop-dev-orders: all traffic on version 2"), "\(result.standardError)")
        #expect(!result.standardError.contains("of traffic on version 2"), "no partial step: \(result.standardError)")
        #expect(!result.standardError.contains("step extended"), "\(result.standardError)")
        #expect(Date().timeIntervalSince(began) < 60)
        #expect(try fixture.status()["phase"] as? String == "synced")
    }
}
