import Foundation
import Testing

@testable import BallastController

/// A pass says when its rollouts next need a look, and the loop wakes then rather than on its
/// fixed `rolloutTick`.
@Suite("requeue after a pass with rollouts in progress")
struct RequeueTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "the next step's time, from the end of the pass; a step just taken at least the minimum; none without rollouts")
    func requeueAfter() {
        #expect(
            Reconciler.requeueAfter(earliest: Self.now.addingTimeInterval(1.25), now: Self.now) == .milliseconds(1250))
        #expect(Reconciler.requeueAfter(earliest: Self.now, now: Self.now) == Reconciler.minimumRequeue)
        #expect(
            Reconciler.requeueAfter(earliest: Self.now.addingTimeInterval(-5), now: Self.now)
                == Reconciler.minimumRequeue)
        #expect(Reconciler.requeueAfter(earliest: nil, now: Self.now) == nil)
    }

    @Test("the loop wakes at the soonest of the next poll, rolloutTick and a rollout's next step")
    func wakeTime() {
        let now = ContinuousClock.now
        let poll = now + .seconds(60)
        var rolling = StageTracker()
        rolling.rolloutActive = true
        // No step time known: within rolloutTick.
        #expect(
            ControllerLoop.wakeTime(nextPoll: poll, trackers: [rolling], rolloutTick: .seconds(3), now: now) == now
                + .seconds(3))
        // A step due in 1 s: then, not at the tick.
        rolling.requeueAt = now + .seconds(1)
        #expect(
            ControllerLoop.wakeTime(
                nextPoll: poll, trackers: [StageTracker(), rolling], rolloutTick: .seconds(30), now: now)
                == now + .seconds(1))
        // A step due after the tick: the tick still bounds the wait (alarms are looked at).
        rolling.requeueAt = now + .seconds(10)
        #expect(
            ControllerLoop.wakeTime(nextPoll: poll, trackers: [rolling], rolloutTick: .seconds(3), now: now)
                == now + .seconds(3))
        // A time already past: not at once over and over, but after the minimum.
        rolling.requeueAt = now - .seconds(5)
        #expect(
            ControllerLoop.wakeTime(nextPoll: poll, trackers: [rolling], rolloutTick: .seconds(3), now: now)
                == now + Reconciler.minimumRequeue)
        // No rollout in progress: only the poll.
        var idle = StageTracker()
        idle.requeueAt = now + .seconds(1)
        #expect(ControllerLoop.wakeTime(nextPoll: poll, trackers: [idle], rolloutTick: .seconds(3), now: now) == poll)
    }
}
