import BallastGit
import BallastModel
import BallastPlan
import Foundation
import Logging

/// One look at one stage by the controller: decide whether its branch's newest commit may be
/// applied (trust, force push, approval), report the plan before anything is applied, reconcile,
/// and report the result in every place status goes (the store behind `/status` and the badges,
/// the Git note, the commit status, the metrics, the notifications).
struct StagePass: Sendable {
    /// The application the stage belongs to; its name is in notes, commit statuses and
    /// approvals only when `listed` (an `applications:` list, not the single form).
    let application: String
    let listed: Bool
    /// The desired-state folder inside the repository.
    let folder: String
    let mirror: GitMirror
    let session: AWSSession
    let store: StatusStore
    let metrics: ControllerMetrics
    let statuses: GitHubCommitStatuses?
    let notifications: Notifications?
    let allowedSigners: AllowedSigners?
    let publishNotes: Bool
    let driftCheck: Duration
    let schedule: LoopSchedule
    let logger: Logger

    /// Looks at `stage` (deployed from `branch`, whose newest commit is `tip`) and returns what to
    /// remember. `pushed`: a webhook announced a push to the branch (skips backoff).
    func run(stage name: String, branch: String, tip: CommitID, tracker: StageTracker, pushed: Bool) async
        -> StageTracker
    {
        var tracker = tracker
        let now = Date()
        // A commit not seen before is looked at at once; one that failed, after its backoff.
        let awaiting = tip == tracker.awaitingApproval
        let isNew = tip != tracker.lastApplied && tip != tracker.refused && tip != tracker.failed && !awaiting
        let backedOff = now >= tracker.notBefore
        let retryDue = tip == tracker.failed && backedOff
        let driftDue =
            backedOff && now.timeIntervalSince(tracker.lastCheck) >= Double(driftCheck.components.seconds)
        let stale = tracker.statusStale
        guard isNew || awaiting || retryDue || pushed || tracker.rolloutActive || driftDue || stale else {
            return tracker
        }
        tracker.statusStale = false
        let started = ContinuousClock.now
        do {
            if !stale, tip == tracker.awaitingApproval,
                try await approvals(of: tip, stage: name).count == tracker.approvalsSeen
            {
                // Still waiting, no new approval: only Git was read, nothing was asked of AWS.
                return tracker
            }
            tracker.lastCheck = now
            guard let (state, stage) = try await admit(name, tip: tip, tracker: &tracker) else { return tracker }
            let reconciler = Reconciler(session: session, log: logger)
            var previewed: Planner.StageResult?
            if tip != tracker.lastApplied {
                // The plan is reported before anything is applied.
                let preview = try await Planner(session: session).plan(state, stage: stage)
                var planned = StatusReader.status(
                    of: preview, stage: name, revision: tip.hex, strategies: StatusReader.strategies(state, stage))
                if stage.approval == .manual, preview.plan.hasChanges {
                    // An approval names the plan its author saw; one of another plan approves nothing.
                    let text = PlanText(colors: false).render([preview.plan])
                    let digest = PlanDigest.of(planText: text)
                    let approvals = try await approvals(of: tip, stage: name)
                    if !approvals.contains(where: { $0.plan == digest }) {
                        let stale = approvals.last.map { approval in
                            "the plan changed since \(approval.approver) approved plan \(approval.plan ?? "(none named)"); "
                        }
                        planned.phase = .awaitingApproval
                        planned.reason = .awaitingApproval
                        planned.message =
                            (stale ?? "")
                            + "approve with: ballast approve\(listed ? " --application \(application)" : "") --stage \(name) --commit \(tip.hex) --plan \(digest)"
                        planned.planText = StageStatus.planText(text)
                        planned.planDigest = digest
                        await report(planned, commit: tip, state: .pending)
                        tracker.awaitingApproval = tip
                        tracker.approvalsSeen = approvals.count
                        return tracker
                    }
                }
                if preview.plan.hasChanges {
                    await report(planned, commit: tip, state: .pending)
                }
                // One read and one plan per pass: the plan reported (and approved) is applied.
                previewed = preview
            }
            let outcome = try await reconciler.reconcile(state, stage: stage, commit: tip.hex, planned: previewed)
            let after = try await Planner(session: session, trustsAliasNotes: false).plan(state, stage: stage)
            let status = StatusReader.status(
                of: after, stage: name, revision: tip.hex, strategies: StatusReader.strategies(state, stage))
            tracker.lastApplied = tip
            tracker.refused = nil
            tracker.failed = nil
            tracker.awaitingApproval = nil
            tracker.approvalsSeen = 0
            tracker.failures = 0
            tracker.notBefore = .distantPast
            tracker.rolloutActive = status.rollouts.contains { $0.phase == "progressing" }
            tracker.requeueAt = tracker.rolloutActive ? outcome.requeueAfter.map { ContinuousClock.now + $0 } : nil
            for rollout in status.rollouts {
                metrics.recordRolloutWeight(stage: name, function: rollout.function, percent: rollout.weight)
            }
            let success = outcome.rolledBack.isEmpty && status.phase != .failed
            metrics.recordReconcile(
                stage: name, duration: ContinuousClock.now - started, success: success,
                finishedAt: Date().timeIntervalSince1970)
            await report(status, commit: tip, state: Self.commitState(status.phase), applied: true)
        } catch {
            tracker.requeueAt = nil
            tracker.failed = tip
            tracker.failures += 1
            tracker.notBefore = Date().addingTimeInterval(
                Double(schedule.backoff(failures: tracker.failures).components.seconds))
            metrics.recordReconcile(
                stage: name, duration: ContinuousClock.now - started, success: false,
                finishedAt: Date().timeIntervalSince1970)
            logger.error("the reconcile failed", error: error, metadata: ["stage": "\(name)", "commit": "\(tip.hex)"])
            await report(
                StageStatus(
                    stage: name, phase: .failed, reason: .reconcileFailed, message: "\(error)", revision: tip.hex,
                    time: Date(), lastError: ErrorReport(error)),
                commit: tip, state: .failure)
        }
        return tracker
    }

    /// The desired state at `tip` and the stage in it, when the commit may be applied: nil (with
    /// the reason reported, and the commit remembered as refused) for an untrusted commit, a
    /// force push the stage does not allow, or a desired state with errors.
    private func admit(_ name: String, tip: CommitID, tracker: inout StageTracker) async throws -> (
        DesiredState, Stage
    )? {
        let state: DesiredState
        do {
            state = try DesiredStateLoader.load(try await mirror.desiredTree(at: tip, folder: folder))
        } catch let errors as DesiredStateErrors {
            // Shutting down: the commit is neither refused nor applied.
            if errors.isCancellation { throw CancellationError() }
            // Every error with its file, line and column, as `ballast validate` prints them.
            let message = errors.errors.map { $0.located(under: folder) }.joined(separator: "\n")
            await refuse(name, tip: tip, reason: .invalidDesiredState, message: message, tracker: &tracker)
            return nil
        } catch let error as GitError {
            // A commit without its desired/ folder is as invalid as one with errors in it.
            guard case .desiredFolderMissing = error else { throw error }
            await refuse(name, tip: tip, reason: .invalidDesiredState, message: "\(error)", tracker: &tracker)
            return nil
        }
        guard let stage = state.stage(named: name) else {
            await refuse(
                name, tip: tip, reason: .unknownStage,
                message: "\(folder)/ballast.yaml at \(tip.short) has no stage '\(name)'", tracker: &tracker)
            return nil
        }
        guard tip != tracker.lastApplied else { return (state, stage) }
        if case .rewound(let reason) = try await mirror.move(from: tracker.lastApplied, to: tip), !stage.allowRewind {
            await refuse(
                name, tip: tip, reason: .rewound, message: "\(reason); not applied (allowRewind is off)",
                tracker: &tracker)
            return nil
        }
        if let allowedSigners {
            let trust = try await mirror.verifySignature(of: tip, allowedSigners: allowedSigners)
            guard case .trusted = trust else {
                await refuse(
                    name, tip: tip, reason: .untrusted, message: "\(tip.short): \(trust); not applied",
                    tracker: &tracker)
                return nil
            }
        }
        return (state, stage)
    }

    /// The approvals `ballast approve` recorded of `commit` for `stage`, oldest first (read from
    /// the approvals notes the last fetch brought).
    private func approvals(of commit: CommitID, stage: String) async throws -> [Approval] {
        try await mirror.withRepository { repository throws(GitError) in
            try repository.approvals(of: commit).filter { $0.approves(stage: stage, application: noteApplication) }
        }
    }

    /// Reports `tip` failed for `reason` everywhere status goes, the failures metric included,
    /// and remembers it as refused.
    private func refuse(
        _ name: String, tip: CommitID, reason: StageStatus.Reason, message: String, tracker: inout StageTracker
    )
        async
    {
        tracker.refused = tip
        logger.warning(
            "\(tip.short) not applied (\(reason)): \(message.replacingOccurrences(of: "\n", with: "; "))",
            metadata: ["stage": "\(name)", "commit": "\(tip.hex)", "reason": "\(reason)"])
        metrics.recordRefusal(stage: name)
        await report(
            StageStatus(
                stage: name, phase: .failed, reason: reason, message: message, revision: tip.hex, time: Date(),
                lastError: ErrorReport(message: message)),
            commit: tip, state: .failure)
    }

    /// Reports `status` of a stage that got no pass (the fetch failed, its branch is missing) to
    /// the store and the notifications: no commit was looked at, so no note and no commit status.
    func reportWithoutPass(_ status: StageStatus) async {
        await store.update(status)
        await notifications?.observe(status, application: noteApplication)
    }

    /// Puts `status` in the store, the Git note on `commit`, the commit status and the
    /// notification queues. A note or status that cannot be written is logged: reporting never
    /// stops reconciling. `applied`:
    /// the commit was just applied to the stage (the note says so, for a restarted controller).
    private func report(
        _ status: StageStatus, commit: CommitID, state: GitHubCommitStatuses.State, applied: Bool = false
    ) async {
        var status = status
        if status.commitMessage == nil {
            let summary = try? await mirror.withRepository { repository throws(GitError) in
                try repository.info(of: commit).summary
            }
            status.commitMessage = summary.map { String($0.prefix(StageStatus.commitMessageLength)) }
        }
        await store.update(status)
        await notifications?.observe(status, application: noteApplication)
        if publishNotes {
            do {
                let (application, reported) = (noteApplication, status)
                try await mirror.updateNote(on: commit) { existing in
                    StatusNote.merge(existing, with: reported, applied: applied, application: application)
                }
            } catch {
                logger.warning(
                    "the status note on \(commit.short) was not pushed", error: error,
                    metadata: ["stage": "\(status.stage)", "commit": "\(commit.hex)"])
            }
        }
        if let statuses {
            do {
                try await statuses.post(
                    commit: commit.hex,
                    context: GitHubCommitStatuses.context(stage: status.stage, application: noteApplication),
                    state: state,
                    description: status.message ?? status.phase.rawValue)
            } catch {
                logger.warning("the commit status was not posted", error: error, metadata: ["stage": "\(status.stage)"])
            }
        }
    }

    /// The application's name where notes, statuses and approvals name it: nil for the single form.
    var noteApplication: String? { listed ? application : nil }

    static func commitState(_ phase: StageStatus.Phase) -> GitHubCommitStatuses.State {
        switch phase {
        case .synced: return .success
        case .progressing, .awaitingApproval, .unknown: return .pending
        case .failed: return .failure
        }
    }
}
