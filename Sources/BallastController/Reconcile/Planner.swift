import BallastModel
import BallastPlan
import BallastSynth
import Foundation

/// Computes the plan of each stage: read the live world, synthesize with images pinned to
/// their digests and split units kept where they live, diff, and order. Sends only reads.
public struct Planner: Sendable {
    /// The session to AWS.
    public let session: AWSSession
    /// Whether the reader may skip the served version of a handler whose alias note shows it
    /// runs what is desired (`LiveReader.trustsAliasNotes`); false when the result is reported
    /// as status, which shows every handler's last rollout from its tag.
    public var trustsAliasNotes: Bool

    /// A planner over `session`.
    public init(session: AWSSession, trustsAliasNotes: Bool = true) {
        self.session = session
        self.trustsAliasNotes = trustsAliasNotes
    }

    /// One stage's plan with what it was computed from, for `reconcile` to carry out.
    public struct StageResult: Sendable {
        /// The plan.
        public var plan: StagePlan
        /// The synthesized stacks (images pinned).
        public var assembly: StageAssembly
        /// What AWS held.
        public var live: LiveStage
    }

    /// The plan of `stage`; `allowDelete` lets it delete most of the stage or all of one kind.
    public func plan(_ state: DesiredState, stage: Stage, allowReplace: Set<String> = [], allowDelete: Bool = false)
        async throws -> StageResult
    {
        let reader = LiveReader(clients: try session.clients(region: stage.region), trustsAliasNotes: trustsAliasNotes)
        let live = try await reader.read(state, stage: stage)
        let placement = Placement(
            deployed: Dictionary(
                live.stacks.map { ($0.name, Set(($0.template["Resources"]?.objectValue ?? [:]).keys)) },
                uniquingKeysWith: { first, _ in first }),
            state: state, stage: stage)
        let synthesized = Result { () throws(Synthesizer.Failure) in
            try Synthesizer.synthesize(
                state, stage: stage,
                options: Synthesizer.Options(
                    imageDigests: live.imageDigests, previousPlacement: [stage.name: placement]))
        }
        if case .failure(let failure) = synthesized, failure.isCancellation { throw CancellationError() }
        let assembly = try synthesized.get()
        let stacks = StageDiff.changes(desired: assembly, live: live.stacks, project: state.project)
        let rollouts = state.functions(in: stage).map { function in
            FunctionRolloutNeed.evaluate(
                function, desiredDigest: live.imageDigests[function.image.description],
                live: live.functions[function.name])
        }
        let monitoring = live.stacks.filter {
            $0.name.hasPrefix(Naming(project: state.project, stage: stage.name).stackName(.monitoring))
        }
        let drift = AlarmDrift.find(
            templates: monitoring.map(\.template), live: live.alarms,
            topicSuffix: Naming(project: state.project, stage: stage.name).alarmTopicName)
        let plan = StagePlan(
            stage: stage, state: state, stacks: stacks, rollouts: rollouts, alarmDrift: drift,
            allowReplace: allowReplace, allowDelete: allowDelete)
        return StageResult(plan: plan, assembly: assembly, live: live)
    }
}
