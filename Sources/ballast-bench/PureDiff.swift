import ArgumentParser
import BallastModel
import BallastPlan
import BallastSynth
import Foundation

/// The diff without AWS (`diff-memory`): every stage of a generated state planned against a
/// recorded live state that matches it — the stacks as their templates were deployed (parsed
/// back from the bodies), each function's alias on a version with the desired
/// configuration, each alarm as deployed. What `ballast diff` computes once its reads are
/// done; the plan must be empty.
struct PureDiff {
    let state: DesiredState
    let stages: [(assembly: StageAssembly, live: [LiveStack], functions: [LiveFunction], alarms: [LiveAlarm])]

    /// Synthesizes `state` and records the live state that matches it (not timed).
    init(_ state: DesiredState) throws {
        self.state = state
        let region = "us-east-1"
        stages = try Synthesizer.synthesize(state).stages.map { assembly in
            let naming = Naming(project: state.project, stage: assembly.stage.name)
            let live = try assembly.stacks.map { stack in
                LiveStack(
                    name: stack.name, status: "UPDATE_COMPLETE",
                    template: try JSONDecoder().decode(JSONValue.self, from: Data(stack.body.utf8)),
                    parameters: stack.parameters,
                    tags: ["managed-by": "ballast", "project": state.project, "stage": assembly.stage.name],
                    terminationProtection: stack.terminationProtection)
            }
            let functions = state.functions(in: assembly.stage).map { function in
                LiveFunction(
                    name: naming.functionName(function.name), alias: AliasWeights(version: "1"),
                    versions: [
                        "1": PublishedVersion(
                            version: "1", imageDigest: nil, memoryMiB: function.memoryMiB,
                            timeoutSeconds: function.timeoutSeconds, environment: function.environment)
                    ])
            }
            let topic = "arn:aws:sns:\(region):123456789012:\(naming.alarmTopicName)"
            let alarms = assembly.stacks.flatMap { stack in
                (stack.json["Resources"]?.objectValue ?? [:]).values.compactMap { resource -> LiveAlarm? in
                    guard resource["Type"] == "AWS::CloudWatch::Alarm", let properties = resource["Properties"],
                        let name = properties["AlarmName"]?.stringValue
                    else { return nil }
                    func number(_ key: String) -> Int? {
                        if case .integer(let value) = properties[key] { return value }
                        return nil
                    }
                    return LiveAlarm(
                        name: name, threshold: Double(number("Threshold") ?? 0),
                        comparison: properties["ComparisonOperator"]?.stringValue ?? "",
                        period: number("Period"), evaluationPeriods: number("EvaluationPeriods") ?? 1,
                        alarmActions: [topic], okActions: [topic], state: "OK")
                }
            }
            return (assembly, live, functions, alarms)
        }
    }

    /// Plans every stage; an error when a plan is not empty (the recorded state should match).
    func plan() throws {
        for stage in stages {
            let live = Dictionary(stage.functions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let naming = Naming(project: state.project, stage: stage.assembly.stage.name)
            let rollouts = state.functions(in: stage.assembly.stage).map { function in
                FunctionRolloutNeed.evaluate(
                    function, desiredDigest: nil, live: live[naming.functionName(function.name)])
            }
            let monitoring = stage.live.filter { $0.name.contains("-monitoring") }.map(\.template)
            let drift = AlarmDrift.find(
                templates: monitoring, live: stage.alarms, topicSuffix: naming.alarmTopicName)
            let plan = StagePlan(
                stage: stage.assembly.stage, state: state,
                stacks: StageDiff.changes(desired: stage.assembly, live: stage.live, project: state.project),
                rollouts: rollouts, alarmDrift: drift)
            guard !plan.hasChanges, drift.isEmpty else {
                throw ValidationError(
                    "the diff against the recorded live state of \(stage.assembly.stage.name) is not empty: "
                        + "\(plan.summary.line), \(drift.count) alarms drifted")
            }
        }
    }
}
