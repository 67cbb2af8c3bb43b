import BallastAWS
import BallastController
import BallastModel
import BallastPlan
import BallastSynth
import BallastTestSupport
import Foundation
import Testing

/// `RolloutDriver` in this process against the AWS emulator: a stage reconciled once (`live` at
/// version 1), then a new image under the same tag deployed through the compute stack, as the
/// reconciler would, before the driver takes over. The emulator runs each version's handler
/// (named by its image) when invoked, publishes the metrics Lambda would, and evaluates the
/// alarms on them, its clock 60 times real time (a 60 s alarm period every second): no metric
/// is put and no alarm state set by hand.
@Suite(
    "RolloutDriver against the AWS emulator", .serialized, .emulatorPerSuite(arguments: ["--clock-rate", "60"]))
struct RolloutDriverTests {
    /// A stage in sync at version 1, then `$LATEST` at a new image running `handler`.
    static func changedImage(_ project: String, rollout: String, handler: String) async throws -> EmulatorStage {
        let stage = try await EmulatorStage(project: project, rollout: rollout)
        let (state, desiredStage) = try stage.desired()
        _ = try await stage.reconciler().reconcile(state, stage: desiredStage)
        try await stage.push(seed: "second", handler: handler)
        let planned = try await Planner(session: stage.session).plan(state, stage: desiredStage)
        let compute = try #require(planned.assembly.stacks.first { $0.kind == .compute })
        let clients = try stage.clients()
        let deployer = StackDeployer(cloudFormation: clients.cloudFormation, templates: nil, log: EmulatorStage.log)
        #expect(try await deployer.deploy(compute, tags: [:]) == .deployed(status: "UPDATE_COMPLETE"))
        return stage
    }

    /// Invokes `live` `count` times, as traffic would; how many answers were errors.
    static func invokeLive(_ stage: EmulatorStage, count: Int) async throws -> Int {
        let lambda = try stage.clients().lambda
        var errors = 0
        for _ in 0..<count {
            let output = try await lambda.invoke(
                stage.functionName, qualifier: Naming.liveAlias, payload: Data("{}".utf8))
            if output.functionError != nil { errors += 1 }
        }
        return errors
    }

    /// The `ballast:rollout` record on the function.
    static func record(_ stage: EmulatorStage) async throws -> RolloutRecord? {
        let tags = try await stage.clients().lambda.getFunction(stage.functionName)?.tags ?? [:]
        return tags[RolloutRecord.tagKey].flatMap(RolloutRecord.init(tagValue:))
    }

    @Test("the first step shifts the canary's weight to the new version; a step after the bake promotes it")
    func canaryPromotes() async throws {
        let stage = try await Self.changedImage(
            "rollout-promote", rollout: "{ strategy: canary, percent: 20, bake: 2s }",
            handler: "Tests/Support/handlers/answers.py")
        let function = try stage.function()
        let driver = try stage.driver()

        let first = try await driver.start(function, naming: stage.naming, commit: "c0ffee")
        #expect(first == .shift(step: 0, weight: 20))
        let canary = try #require(try await stage.live())
        #expect(canary.functionVersion == "1" && canary.additionalVersionWeights == ["2": 0.2], "\(canary)")
        #expect(try await Self.record(stage)?.to == "2")
        // Traffic for the new version's own metrics to judge (every 5th request reaches it).
        #expect(try await Self.invokeLive(stage, count: 10) == 0)

        try await eventually(timeout: 30, "the canary to be promoted after its bake") {
            switch try await driver.advance(function, naming: stage.naming) {
            case .complete: return true
            case .wait, .extend: return false
            case let other: throw LoopbackPeer.Failure(description: "not a promotion: \(other)")
            }
        }
        let promoted = try #require(try await stage.live())
        #expect(promoted.functionVersion == "2" && promoted.additionalVersionWeights.isEmpty, "\(promoted)")
        let record = try #require(try await Self.record(stage))
        #expect(record.phase == .succeeded && record.commit == "c0ffee")
    }

    @Test("the handler's errors alarm in ALARM during the bake sends all traffic back to the old version")
    func alarmRollsBack() async throws {
        // The bake is long: only the alarm can end this rollout within the test.
        let stage = try await Self.changedImage(
            "rollout-alarm", rollout: "{ strategy: canary, percent: 20, bake: 5m }",
            handler: "Tests/Support/handlers/fails.py")
        let function = try stage.function()
        let driver = try stage.driver()
        #expect(try await driver.start(function, naming: stage.naming, commit: nil) == .shift(step: 0, weight: 20))
        #expect(try await Self.invokeLive(stage, count: 10) == 2, "every 5th request reaches the failing version")

        let alarm = stage.naming.alarmName("orders", "errors")
        let cloudWatch = try stage.clients().cloudWatch
        try await eventually(timeout: 30, "\(alarm) to be in ALARM by the emulator's evaluation") {
            try await cloudWatch.metricAlarm(named: alarm)?.stateValue == .alarm
        }
        let decision = try await driver.advance(function, naming: stage.naming)
        #expect(decision == .rollBack(reason: "alarm in ALARM: \(alarm)"))
        let live = try #require(try await stage.live())
        #expect(live.functionVersion == "1" && live.additionalVersionWeights.isEmpty, "\(live)")
        #expect(try await Self.record(stage)?.phase == .rolledBack)
    }
}
