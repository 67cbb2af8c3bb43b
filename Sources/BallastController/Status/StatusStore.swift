import BallastPlan
import Foundation

/// The controller's latest view of every stage and whether it is ready to serve: written by the
/// reconcile loop, read by the HTTP endpoints. An actor, because both sides run concurrently.
public actor StatusStore {
    private var statuses: [String: StageStatus]
    private var ready = false
    /// What keeps the controller from knowing or reaching its stages, nil when nothing does.
    public private(set) var problem: String?

    /// Creates a store that knows `stages` before their first reconcile: each starts as
    /// `unknown` at `time`, so `/status` and the badges show them from the first request.
    public init(stages: [String] = [], time: Date) {
        var statuses: [String: StageStatus] = [:]
        for stage in stages {
            statuses[stage] = StageStatus(stage: stage, phase: .unknown, time: time)
        }
        self.statuses = statuses
    }

    /// How many of a stage's statuses ``history(of:)`` keeps.
    public static let historyLength = 20

    private var histories: [String: [StageStatus]] = [:]

    /// Records `status` as the latest for its stage, replacing the previous one, and keeps what
    /// the history shows of it (``historyEntry(_:)``).
    public func update(_ status: StageStatus) {
        statuses[status.stage] = status
        guard status.phase != .unknown else { return }
        var history = histories[status.stage] ?? []
        if history.count >= Self.historyLength { history.removeFirst(history.count - Self.historyLength + 1) }
        history.append(Self.historyEntry(status))
        histories[status.stage] = history
    }

    /// What the history keeps of `status`: what the status page's table of last reconciles
    /// shows (time, commit, phase and badge, reason, message or plan summary), not its plan
    /// text, stacks, alarms, error report or commit message. A controller keeps twenty of these
    /// for every stage of every application it serves, for as long as it runs.
    static func historyEntry(_ status: StageStatus) -> StageStatus {
        // The badge of a stage rolling out names the weight of its first progressing rollout.
        StageStatus(
            stage: status.stage, phase: status.phase, reason: status.reason, message: status.message,
            revision: status.revision, time: status.time, planSummary: status.planSummary,
            rollouts: status.rollouts.first { $0.phase == "progressing" }.map { [$0] } ?? [])
    }

    /// The stage's last ``historyLength`` statuses (one or two per reconcile: the plan, then
    /// the outcome), newest first, as ``historyEntry(_:)`` keeps them.
    public func history(of stage: String) -> [StageStatus] {
        (histories[stage] ?? []).reversed()
    }

    /// The latest status of `stage`, or `nil` if the stage is not known.
    public func status(of stage: String) -> StageStatus? {
        statuses[stage]
    }

    /// The latest status of every known stage, ordered by stage name.
    public func allStatuses() -> [StageStatus] {
        statuses.values.sorted { $0.stage < $1.stage }
    }

    /// Records what keeps the controller from knowing or reaching its stages (nil: nothing).
    public func setProblem(_ problem: String?) {
        self.problem = problem
    }

    /// Whether the controller is ready: true once a Git fetch has succeeded.
    public var isReady: Bool { ready }

    /// Marks the controller ready; called after the first successful Git fetch. Readiness is
    /// not withdrawn by later failures: they show in the stage statuses and metrics instead, so
    /// a flaky forge does not take the status endpoints out of a load balancer.
    public func markReady() {
        ready = true
    }
}
