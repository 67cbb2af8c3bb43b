import BallastGit
import Foundation

/// What the loop remembers about one stage between passes, in memory. After a restart the last
/// applied commit is read back from the status notes (`ControllerLoop`); the rest starts afresh
/// and the first pass compares the branch's newest commit with AWS again, which is safe because
/// a pass is idempotent.
struct StageTracker: Sendable {
    /// The commit last applied successfully.
    var lastApplied: CommitID?
    /// A commit whose plan waits for `ballast approve`: each pass reads the approvals (Git
    /// only) and applies it once approved.
    var awaitingApproval: CommitID?
    /// How many approvals of `awaitingApproval` for this stage the last pass saw: the plan is
    /// computed again (AWS read) only when a new one arrives.
    var approvalsSeen = 0
    /// A commit that was refused (untrusted, a force push, invalid): not
    /// tried again until the branch moves, an approval arrives or the drift check comes round.
    var refused: CommitID?
    /// The commit whose last attempt failed: tried again after the backoff, or at once when a
    /// push arrives.
    var failed: CommitID?
    /// Failures in a row.
    var failures = 0
    /// No attempt before this time (backoff), unless a push arrives.
    var notBefore = Date.distantPast
    /// When AWS was last compared with the desired state.
    var lastCheck = Date.distantPast
    /// Whether a rollout was shifting traffic at the end of the last pass.
    var rolloutActive = false
    /// When the last pass's rollouts next need a look (their soonest next step), if sooner than
    /// the loop's `rolloutTick`: the loop wakes then.
    var requeueAt: ContinuousClock.Instant?
    /// Whether the stage's status was last reported without a pass (the fetch failed, its
    /// branch was missing): the next pass looks at AWS and reports, whatever else it skips.
    var statusStale = false

    /// This tracker, its status reported without a pass.
    func reportedWithoutPass() -> StageTracker {
        var tracker = self
        tracker.statusStale = true
        return tracker
    }
}
