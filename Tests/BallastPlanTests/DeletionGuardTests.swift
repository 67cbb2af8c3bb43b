import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Testing

/// A plan that deletes most of a stage, or every resource of one kind, needs the user's word.
@Suite("deletion guard")
struct DeletionGuardTests {
    static func plan(files: [String: String], live: [LiveStack], allowDelete: Bool = false) throws -> StagePlan {
        let state = try DesiredStateLoader.load(DesiredTree(files: files))
        let stage = try #require(state.stage(named: "prod"))
        let assembly = try Synthesizer.synthesize(state, stage: stage)
        let stacks = StageDiff.changes(desired: assembly, live: live, project: state.project)
        return StagePlan(
            stage: stage, state: state, stacks: stacks, rollouts: [], alarmDrift: [], allowDelete: allowDelete)
    }

    /// A stack of `live` resources per type, `removed` of them going away.
    static func stack(_ name: String, action: StackChange.Action, live: [String: Int], removed: [String: Int] = [:])
        -> StackChange
    {
        var resources: [ResourceChange] = []
        for (type, count) in removed.sorted(by: { $0.key < $1.key }) {
            for index in 0..<count {
                resources.append(ResourceChange(logicalId: "R\(index)", type: type, action: .remove))
            }
        }
        return StackChange(
            name: name, kind: nil, action: action, resources: resources, parameterChanges: [:], tagChanges: [:],
            terminationProtectionChange: nil, liveResourceTypes: live)
    }

    @Test("a synced stage whose functions all vanished is refused, saying why and how to allow it")
    func functionsVanished() throws {
        let files = try StageDiffTests.exampleFiles()
        let live = try StageDiffTests.live(try StageDiffTests.prod(files))
        let withoutFunctions = files.filter { !$0.key.hasPrefix("functions/") }
        let refused = try Self.plan(files: withoutFunctions, live: live)
        let refusal = try #require(refused.refusals.first { $0.contains("--allow-delete") })
        #expect(refusal.contains("every function (2 of 2)"), "\(refusal)")
        #expect(refusal.contains("prune: true"))
        #expect(PlanText(colors: false).render([refused]).contains("✗ refused: would delete"))

        #expect(try Self.plan(files: withoutFunctions, live: live, allowDelete: true).refusals == [])
        var pruning = withoutFunctions
        pruning["ballast.yaml"] = files["ballast.yaml"]!.replacingOccurrences(
            of: "    branch: main\n", with: "    branch: main\n    prune: true\n")
        #expect(try Self.plan(files: pruning, live: live).refusals == [])
    }

    @Test("removing one function of two is an ordinary change, not refused")
    func oneFunctionRemoved() throws {
        let files = try StageDiffTests.exampleFiles()
        let live = try StageDiffTests.live(try StageDiffTests.prod(files))
        var fewer = files
        fewer["functions/catalog.yaml"] = nil
        let plan = try Self.plan(files: fewer, live: live)
        #expect(plan.summary.delete > 0)
        #expect(plan.refusals == [])
    }

    @Test("more than half of the stage's resources is refused; half is not")
    func moreThanHalf() {
        let six = DeletionGuard.refusal(
            [Self.stack("s", action: .update, live: ["AWS::SNS::Topic": 10], removed: ["AWS::SNS::Topic": 6])],
            allowed: false)
        #expect(six?.hasPrefix("would delete 6 of the stage's 10 resources (more than half)") == true, "\(six ?? "")")
        #expect(
            DeletionGuard.refusal(
                [Self.stack("s", action: .update, live: ["AWS::SNS::Topic": 10], removed: ["AWS::SNS::Topic": 5])],
                allowed: false) == nil)
        #expect(
            DeletionGuard.refusal(
                [Self.stack("s", action: .update, live: ["AWS::SNS::Topic": 10], removed: ["AWS::SNS::Topic": 6])],
                allowed: true) == nil)
    }

    @Test("every alarm going away is refused even when it is a small part of the stage")
    func everyAlarm() {
        let stacks = [
            Self.stack("big", action: .unchanged, live: ["AWS::EC2::Subnet": 50]),
            Self.stack(
                "monitoring", action: .update, live: ["AWS::CloudWatch::Alarm": 3, "AWS::SNS::Topic": 1],
                removed: ["AWS::CloudWatch::Alarm": 3]),
        ]
        #expect(DeletionGuard.refusal(stacks, allowed: false)?.hasPrefix("would delete every alarm (3 of 3);") == true)
    }

    @Test("a plan that deletes nothing now is not refused, though it keeps orphans")
    func keptOrphansOnly() {
        let stacks = [
            Self.stack("compute", action: .orphaned, live: ["AWS::Lambda::Function": 2, "AWS::IAM::Role": 2]),
            Self.stack("network", action: .unchanged, live: ["AWS::EC2::VPC": 1]),
        ]
        #expect(DeletionGuard.refusal(stacks, allowed: false) == nil)
    }

    @Test("resources moved from one stack to another are not lost")
    func movedBetweenStacks() {
        var target = Self.stack("compute", action: .update, live: ["AWS::Lambda::Function": 1])
        target.resources = [ResourceChange(logicalId: "B", type: "AWS::Lambda::Function", action: .add)]
        let stacks = [
            Self.stack(
                "compute-2", action: .update, live: ["AWS::Lambda::Function": 1, "AWS::IAM::Role": 4],
                removed: ["AWS::Lambda::Function": 1]),
            target,
        ]
        #expect(DeletionGuard.refusal(stacks, allowed: false) == nil)
    }
}
