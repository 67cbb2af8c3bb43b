import BallastAWS
import BallastModel
import BallastPlan
import Foundation

/// The live status of a stage, computed from the same read as a plan: which stacks exist and in
/// what state, which rollouts are shifting traffic, which alarms fire, and whether anything
/// differs from the desired state.
public enum StatusReader {
    /// A rollout whose alias routes all traffic to one version: its weight is where the alias
    /// is (100 while an `afterTraffic` hook runs with all traffic already on the new version, not
    /// the record's phase), its note the record's reason or the hook that is running.
    static func settled(_ name: String, alias: AliasWeights, record: RolloutRecord) -> StageStatus.RolloutStatus {
        let note =
            record.reason
            ?? (record.phase == .progressing && record.afterTraffic == .started
                ? "all traffic on version \(record.to); its afterTraffic hook is running" : nil)
        return StageStatus.RolloutStatus(
            function: name, from: record.from, to: record.to, weight: alias.version == record.to ? 100 : 0,
            phase: record.phase.rawValue, note: note)
    }

    /// Each handler's rollout strategy in `stage`, keyed by handler name: the `strategies`
    /// ``status(of:stage:revision:now:strategies:)`` takes.
    public static func strategies(_ state: DesiredState, _ stage: Stage) -> [String: RolloutStrategy] {
        Dictionary(state.functions(in: stage).map { ($0.name, $0.rollout) }, uniquingKeysWith: { first, _ in first })
    }

    /// The status of a stage from its plan result; `strategies` (handler name → rollout
    /// strategy, from the desired state) give the time to each progressing rollout's next step.
    public static func status(
        of result: Planner.StageResult, stage: String, revision: String? = nil, now: Date = Date(),
        strategies: [String: RolloutStrategy] = [:]
    )
        -> StageStatus
    {
        let plan = result.plan
        let stacks = Dictionary(
            result.live.stacks.map { ($0.name, $0.status) }, uniquingKeysWith: { first, _ in first })
        var rollouts: [StageStatus.RolloutStatus] = []
        for (name, function) in result.live.functions.sorted(by: { $0.key < $1.key }) {
            guard let alias = function.alias else { continue }
            let record = function.rolloutTag.flatMap(RolloutRecord.init(tagValue:))
            if let additional = alias.additional, additional.weight > 0 {
                let current = record.flatMap { $0.to == additional.version ? $0 : nil }
                let nextStep = current.flatMap { record in
                    strategies[name].map { strategy in
                        record.stepStartedAt.addingTimeInterval(
                            Double(strategy.stepDuration.components.seconds)
                                + Double(strategy.stepDuration.components.attoseconds) / 1e18)
                    }
                }
                rollouts.append(
                    .init(
                        function: name, from: alias.version, to: additional.version,
                        weight: Int((additional.weight * 100).rounded()), phase: "progressing",
                        note: current.flatMap { record in record.held.map { $0.explanation(version: record.to) } },
                        nextStepAt: nextStep,
                        secondsToNextStep: nextStep.map { max(0, Int($0.timeIntervalSince(now).rounded(.up))) },
                        steps: strategies[name]?.steps,
                        stepSeconds: strategies[name].map { Int($0.stepDuration.components.seconds) }))
            } else if let record {
                rollouts.append(settled(name, alias: alias, record: record))
            }
        }
        let firing = result.live.alarms.filter { $0.state == AlarmState.alarm.rawValue }.map(\.name).sorted()
        let failedStacks = stacks.filter {
            if case .stuck = StackCondition.of(status: $0.value) { true } else { false }
        }
        let phase: StageStatus.Phase
        let reason: StageStatus.Reason
        let message: String
        if !failedStacks.isEmpty {
            phase = .failed
            reason = .stackFailed
            message = failedStacks.keys.sorted().map { "\($0) is \(failedStacks[$0]!)" }.joined(separator: "; ")
        } else if rollouts.contains(where: { $0.phase == "rolledBack" }) {
            phase = .failed
            reason = .rolledBack
            message = rollouts.filter { $0.phase == "rolledBack" }.map {
                "\($0.function) rolled back to \($0.from ?? "?")" + ($0.note.map { ": \($0)" } ?? "")
            }
            .joined(separator: "; ")
        } else if rollouts.contains(where: { $0.phase == "progressing" }) {
            phase = .progressing
            reason = .rollingOut
            message = rollouts.filter { $0.phase == "progressing" }.map {
                "\($0.function) at \($0.weight)%" + ($0.note.map { " (\($0))" } ?? "")
            }
            .joined(separator: "; ")
        } else if plan.hasChanges {
            phase = .progressing
            reason = .changesPending
            message = plan.summary.line
        } else {
            phase = .synced
            reason = .synced
            message = "AWS matches the desired state"
        }
        return StageStatus(
            stage: stage, phase: phase, reason: reason, message: message, revision: revision, time: now,
            planSummary: plan.summary.line, stacks: stacks, rollouts: rollouts, firingAlarms: firing)
    }
}
