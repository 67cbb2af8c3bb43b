import BallastAWS
import BallastController
import BallastModel
import BallastSynth
import BallastTestSupport
import Foundation
import Testing

/// `Reconciler` in this process against the AWS emulator, constructed as `ballast reconcile`
/// does, on a small stage: a network, one handler `orders` and its alarms.
@Suite("Reconciler against the AWS emulator", .serialized, .emulatorPerSuite)
struct ReconcilerTests {
    @Test("one pass takes a stage from nothing to synced; a second pass of the same state plans nothing")
    func nothingToSynced() async throws {
        let stage = try await EmulatorStage(project: "reconcile-new")
        let (state, desiredStage) = try stage.desired()
        let reconciler = stage.reconciler()

        let first = try await reconciler.reconcile(state, stage: desiredStage)
        let stacks = ["network", "compute", "monitoring"].map { "reconcile-new-dev-\($0)" }
        #expect(first.stacks == Dictionary(uniqueKeysWithValues: stacks.map { ($0, "CREATE_COMPLETE") }))
        let cloudFormation = try stage.clients().cloudFormation
        for name in stacks {
            #expect(try await cloudFormation.describeStack(name: name)?.status == .createComplete, "\(name)")
        }
        let function = try #require(try await stage.clients().lambda.getFunctionConfiguration(stage.functionName))
        #expect(function.memorySize == 256)
        let live = try #require(try await stage.live(), "the alias live of a new handler")
        #expect(live.functionVersion == "1" && live.additionalVersionWeights.isEmpty)
        #expect(first.rolledBack.isEmpty && first.requeueAfter == nil)

        let second = try await reconciler.reconcile(state, stage: desiredStage)
        #expect(!second.plan.differsFromDesired, "\(second.plan.summary.line)")
        #expect(second.plan.actions.isEmpty, "\(second.plan.actions)")
        #expect(second.stacks.isEmpty, "no stack deployed: \(second.stacks)")
        #expect(try await stage.live() == live, "live untouched")
    }

    @Test("while a canary bakes, the outcome asks to be looked at again when the bake ends")
    func requeueDuringCanary() async throws {
        let stage = try await EmulatorStage(
            project: "reconcile-canary", rollout: "{ strategy: canary, percent: 20, bake: 60s }")
        let (state, desiredStage) = try stage.desired()
        let reconciler = stage.reconciler()
        _ = try await reconciler.reconcile(state, stage: desiredStage)
        try await stage.push(seed: "second")

        let outcome = try await reconciler.reconcile(state, stage: desiredStage)
        #expect(outcome.stacks["reconcile-canary-dev-compute"] == "UPDATE_COMPLETE")
        let live = try #require(try await stage.live())
        #expect(live.functionVersion == "1" && live.additionalVersionWeights == ["2": 0.2], "\(live)")
        // The bake of 60 s started in this pass: the next look is at its end, not at once and
        // not never (a slow machine may have spent some of it already).
        let requeue = try #require(outcome.requeueAfter, "a rollout in progress is looked at again")
        #expect(requeue > .seconds(30) && requeue <= .seconds(60), "\(requeue)")
        #expect(outcome.rolledBack.isEmpty)
    }
}
