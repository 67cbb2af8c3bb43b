import Foundation
import Testing

/// `ballast promote` and `ballast abort` against the emulator, in the middle of a canary whose
/// bake (an hour) would not end by itself during the test.
@Suite("ending a rollout by hand: ballast promote and ballast abort", .serialized)
final class RolloutInterventionCommandTests {
    let fixture: RolloutFixture

    init() throws {
        fixture = try RolloutFixture(rollout: "{ strategy: canary, percent: 10, bake: 1h }")
    }

    /// The alias `live` of shop-dev-orders: version, additional weights, revision.
    func alias() throws -> (version: String, weights: [String: Double], revision: String) {
        let alias = try fixture.lambda(
            "a = lam.get_alias(FunctionName='shop-dev-orders', Name='live')\n"
                + "print(json.dumps({'v': a['FunctionVersion'], "
                + "'w': (a.get('RoutingConfig') or {}).get('AdditionalVersionWeights', {}), 'r': a['RevisionId']}))")
        let fields = alias as? [String: Any] ?? [:]
        return (fields["v"] as? String ?? "", fields["w"] as? [String: Double] ?? [:], fields["r"] as? String ?? "")
    }

    /// The `ballast:rollout` tag of shop-dev-orders, parsed.
    func record() throws -> [String: Any] {
        let tag = try fixture.lambda(
            "f = lam.get_function(FunctionName='shop-dev-orders')\n"
                + "print(json.dumps(f.get('Tags', {}).get('ballast:rollout', '{}')))")
        return (try? JSONSerialization.jsonObject(with: Data((tag as? String ?? "{}").utf8))) as? [String: Any] ?? [:]
    }

    @Test("promote mid-bake: all traffic on the new version, status synced, the next reconcile does nothing")
    func promote() throws {
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")
        #expect(try alias().weights == ["2": 0.1])

        let promote = try fixture.ballast(["promote", "orders", "--stage", "dev"])
        #expect(promote.status == 0, "\(promote.standardError)")
        #expect(
            promote.standardOutput.contains("shop-dev-orders: rollout 1 → 2 promoted; all traffic on version 2"),
            "\(promote.standardOutput)")
        let promoted = try alias()
        #expect(promoted.version == "2" && promoted.weights.isEmpty, "\(promoted)")
        #expect(try record()["phase"] as? String == "succeeded")
        #expect(try record()["reason"] as? String == "promoted by tester")
        let status = try fixture.status()
        #expect(status["phase"] as? String == "synced", "\(status)")
        #expect(try fixture.rollout()?["weight"] as? Int == 100)

        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(!again.standardError.contains("of traffic on version"), "\(again.standardError)")
        #expect(!again.standardError.contains("rollout"), "\(again.standardError)")
        #expect(try alias().revision == promoted.revision, "the alias was not touched again")

        let twice = try fixture.ballast(["promote", "orders", "--stage", "dev"])
        #expect(twice.status == 1)
        #expect(
            twice.standardError.contains(
                "shop-dev-orders: no rollout in progress (the last one, 1 → 2, succeeded; live serves version 2)"),
            "\(twice.standardError)")
    }

    @Test("abort mid-bake: all traffic back on the old version, status failed, the image not tried again")
    func abort() throws {
        let start = try fixture.ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"), "\(start.standardError)")

        let abort = try fixture.ballast(["abort", "orders", "--stage", "dev", "--by", "carol"])
        #expect(abort.status == 0, "\(abort.standardError)")
        #expect(
            abort.standardOutput.contains("shop-dev-orders: rollout 1 → 2 aborted; all traffic on version 1"),
            "\(abort.standardOutput)")
        let aborted = try alias()
        #expect(aborted.version == "1" && aborted.weights.isEmpty, "\(aborted)")
        #expect(try record()["phase"] as? String == "rolledBack")
        #expect(try record()["reason"] as? String == "aborted by carol")
        let status = try fixture.status()
        #expect(status["phase"] as? String == "failed", "\(status)")
        #expect(status["reason"] as? String == "RolledBack")

        // Not retried while the desired state still asks for the aborted image.
        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(!again.standardError.contains("started"), "\(again.standardError)")
        #expect(try alias().revision == aborted.revision, "the alias was not touched again")
        #expect(try fixture.status()["phase"] as? String == "failed")

        let twice = try fixture.ballast(["abort", "orders", "--stage", "dev"])
        #expect(twice.status == 1)
        #expect(twice.standardError.contains("no rollout in progress (the last one, 1 → 2, was rolled back"))
    }

    @Test("unknown function, unknown stage, no rollout: refused with what is allowed, nothing moved")
    func refusals() throws {
        let before = try alias()
        let unknownFunction = try fixture.ballast(["promote", "ordrs", "--stage", "dev"])
        #expect(unknownFunction.status == 1)
        #expect(
            unknownFunction.standardError.contains("unknown function 'ordrs' in stage dev; functions: catalog, orders"),
            "\(unknownFunction.standardError)")
        let unknownStage = try fixture.ballast(["abort", "orders", "--stage", "qa"])
        #expect(unknownStage.status == 1)
        #expect(
            unknownStage.standardError.contains("unknown stage 'qa'; stages: dev, prod"),
            "\(unknownStage.standardError)"
        )
        let missingStage = try fixture.ballast(["abort", "orders"])
        #expect(missingStage.status != 0)
        #expect(missingStage.standardError.contains("--stage"), "\(missingStage.standardError)")
        // The re-pushed image has not been rolled out yet: nothing is in progress.
        let nothing = try fixture.ballast(["promote", "orders", "--stage", "dev"])
        #expect(nothing.status == 1)
        #expect(
            nothing.standardError.contains(
                "shop-dev-orders: no rollout in progress (no rollout was ever recorded; live serves version 1)"),
            "\(nothing.standardError)")
        #expect(try alias().revision == before.revision)
    }
}
