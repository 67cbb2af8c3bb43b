import BallastModel
import Foundation

/// The rollout state machine: given the strategy, the record, where the alias points and which
/// watched alarms are firing, the one next thing to do. Pure: the caller supplies "now" and
/// carries the decision out (UpdateAlias with the RevisionId, then the tag), so running it
/// again after a crash gives the same decision.
public enum RolloutStep {
    /// What to do next.
    public enum Decision: Sendable, Hashable {
        /// Move the alias to `weight` percent on the new version (`step` becomes current).
        case shift(step: Int, weight: Int)
        /// Nothing until `until` (the current step is baking).
        case wait(until: Date)
        /// The step's time is up but the new version had no traffic: the step is held until
        /// `until` (at most `noTrafficBound` times its length), then looked at again.
        case extend(until: Date)
        /// The new version had no traffic for `noTrafficBound` times the step and the rollout
        /// says `onNoTraffic: halt`: it stays where it is until the version is invoked, or
        /// someone promotes or aborts it.
        case halt(reason: String)
        /// Move all traffic to the new version: `live` points at it alone.
        case complete
        /// An alarm fired: all traffic back to the old version, the rollout marked failed.
        case rollBack(reason: String)
        /// Nothing to do: the rollout has ended.
        case finished
    }

    /// How many times its length a step lasts at most while the new version gets no traffic.
    public static let noTrafficBound = 3

    /// The next decision. `firing` are the names of watched alarms in `ALARM` now (those that
    /// were already firing when the rollout began left out by the caller); `health` is the new
    /// version's own metrics since the step began; `newWeightPercent` is the weight the alias
    /// currently gives the new version (0–100).
    public static func next(
        strategy: RolloutStrategy, record: RolloutRecord, newWeightPercent: Int, firing: [String],
        health: VersionHealth.Verdict = .healthy, onNoTraffic: NoTrafficPolicy = .proceed, now: Date
    ) -> Decision {
        guard record.phase == .progressing else { return .finished }
        if !firing.isEmpty {
            return .rollBack(
                reason: "alarm\(firing.count == 1 ? "" : "s") in ALARM: \(firing.sorted().joined(separator: ", "))")
        }
        if case .failing(let reason) = health { return .rollBack(reason: reason) }
        let steps = strategy.steps
        let step = min(max(record.step, 0), steps.count - 1)
        let target = steps[step]
        // The alias is not yet where the record says: finish moving it (a crash between the
        // record and the alias, or the first step of a new rollout).
        if newWeightPercent != target {
            return target >= 100 ? .complete : .shift(step: step, weight: target)
        }
        if target >= 100 { return .complete }
        let bakeEnds = record.stepStartedAt.addingTimeInterval(seconds(strategy.stepDuration))
        guard now >= bakeEnds else { return .wait(until: bakeEnds) }
        // Probes that passed during the step are the data its version's own metrics lacked.
        let probedThisStep = onNoTraffic == .probe && record.probed != nil
        if health == .noTraffic, !probedThisStep {
            let length = seconds(strategy.stepDuration)
            let bound = record.stepStartedAt.addingTimeInterval(length * Double(noTrafficBound))
            if now < bound { return .extend(until: min(bound, now.addingTimeInterval(max(length, 1)))) }
            if onNoTraffic == .halt {
                return .halt(reason: RolloutRecord.Hold.halted.explanation(version: record.to))
            }
        }
        let nextStep = step + 1
        return steps[nextStep] >= 100 ? .complete : .shift(step: nextStep, weight: steps[nextStep])
    }

    /// The record to write before carrying `decision` out (the tag is written before the alias
    /// moves), or nil when it stays as it is. A shift always starts the step's clock anew, also
    /// when the record already names that step: a controller killed between writing the record
    /// and moving the alias, and started again later, must bake the step in full from when its
    /// traffic really moved, not for what is left of a clock that ran while nothing served it.
    public static func record(before decision: Decision, _ record: RolloutRecord, now: Date) -> RolloutRecord? {
        var next = record
        switch decision {
        case .shift(let step, _):
            next.step = step
            next.stepStartedAt = now
            next.held = nil
            next.probed = nil
        case .complete:
            next.phase = .succeeded
        case .rollBack(let reason):
            next.phase = .rolledBack
            next.reason = reason
        case .extend:
            guard record.held != .noTraffic else { return nil }
            next.held = .noTraffic
        case .halt:
            guard record.held != .halted else { return nil }
            next.held = .halted
        case .wait, .finished:
            return nil
        }
        return next
    }

    /// Whether the new version is due a probe (`onNoTraffic: probe`) before the next decision:
    /// the rollout is baking a step with part of the traffic, the alias where the record says,
    /// and the version had no invocations since the step began; the first probe comes
    /// `every` after the step began (or at the end of its bake, when that is sooner), each
    /// further one `every` after the last that passed.
    public static func probeDue(
        strategy: RolloutStrategy, record: RolloutRecord, newWeightPercent: Int, health: VersionHealth.Verdict,
        onNoTraffic: NoTrafficPolicy, every: Duration, now: Date
    ) -> Bool {
        guard onNoTraffic == .probe, record.phase == .progressing, health == .noTraffic, newWeightPercent > 0,
            newWeightPercent < 100
        else { return false }
        let steps = strategy.steps
        guard newWeightPercent == steps[min(max(record.step, 0), steps.count - 1)] else { return false }
        let interval = seconds(every)
        guard let probed = record.probed else {
            let bake = seconds(strategy.stepDuration)
            return now >= record.stepStartedAt.addingTimeInterval(min(interval, bake))
        }
        return now >= record.stepStartedAt.addingTimeInterval(TimeInterval(probed) + interval)
    }

    /// The record once a probe passed at `now`.
    public static func record(probed record: RolloutRecord, now: Date) -> RolloutRecord {
        var next = record
        next.probed = max(0, Int(now.timeIntervalSince(record.stepStartedAt).rounded(.down)))
        next.held = nil
        return next
    }

    /// Why a failing probe rolls the rollout back: the version and the check's failure.
    public static func probeFailure(version: String, check: String) -> String {
        "probe of version \(version), which had no invocations since the step began: \(check)"
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(DurationText.milliseconds(of: duration)) / 1000
    }
}
