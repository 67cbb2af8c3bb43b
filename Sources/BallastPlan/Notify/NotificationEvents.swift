import BallastControllerConfig
import BallastModel
import Foundation

/// The events between two statuses of one stage: what changed from `previous` (the last status
/// reported) to `current`. A status repeated (a drift check, a retry of the same failure) gives
/// no event, so each one is sent once per change. Without a previous status (the first look
/// after the controller started) only what needs a person is reported — a failure, a plan to
/// approve — since rollouts seen mid-way were announced by the controller that started them.
public enum NotificationEvents {
    /// The events from `previous` to `current`, rollouts in handler order, then the stage's.
    public static func between(_ previous: StageStatus?, _ current: StageStatus) -> [NotificationEvent] {
        var events: [NotificationEvent] = []
        let known = previous.flatMap { $0.phase == .unknown ? nil : $0 }
        if let known {
            events += rolloutEvents(known, current)
        }
        if let event = stageEvent(known, current) { events.append(event) }
        return events
    }

    private static func rolloutEvents(_ previous: StageStatus, _ current: StageStatus) -> [NotificationEvent] {
        let before = Dictionary(previous.rollouts.map { ($0.function, $0) }, uniquingKeysWith: { first, _ in first })
        var events: [NotificationEvent] = []
        for rollout in current.rollouts.sorted(by: { $0.function < $1.function }) {
            let old = before[rollout.function].flatMap { $0.to == rollout.to ? $0 : nil }
            func event(_ kind: NotificationEventKind, _ message: String) -> NotificationEvent {
                NotificationEvent(
                    kind: kind, stage: current.stage, revision: current.revision, function: rollout.function,
                    from: rollout.from, to: rollout.to, weight: rollout.weight, reason: rollout.note,
                    message: message, time: current.time)
            }
            let versions = "version \(rollout.from ?? "?") → \(rollout.to ?? "?")"
            switch rollout.phase {
            case "progressing":
                if old == nil || old?.phase != "progressing" {
                    events.append(
                        event(
                            .rolloutStarted, "\(rollout.function): rollout of \(versions) started at \(rollout.weight)%"
                        ))
                } else if old?.weight != rollout.weight {
                    events.append(
                        event(.rolloutStep, "\(rollout.function): \(versions) now at \(rollout.weight)%"))
                }
            case "succeeded" where old?.phase != "succeeded":
                if old == nil {
                    // Started and finished between two looks (allAtOnce, or a short bake).
                    events.append(event(.rolloutStarted, "\(rollout.function): rollout of \(versions) started"))
                }
                events.append(
                    event(
                        .rolloutCompleted,
                        "\(rollout.function): \(versions) completed, 100% on version \(rollout.to ?? "?")"))
            case "rolledBack" where old?.phase != "rolledBack":
                let why = rollout.note.map { ": \($0)" } ?? ""
                events.append(
                    event(.rolledBack, "\(rollout.function): rolled back to version \(rollout.from ?? "?")\(why)"))
            default:
                break
            }
        }
        return events
    }

    private static func stageEvent(_ previous: StageStatus?, _ current: StageStatus) -> NotificationEvent? {
        let same =
            previous.map { $0.phase == current.phase && $0.reason == current.reason && $0.revision == current.revision }
            ?? false
        guard !same else { return nil }
        let kind: NotificationEventKind
        switch current.phase {
        case .awaitingApproval: kind = .approvalNeeded
        // A rollback is told per handler above; the stage's failed phase says nothing more.
        case .failed where current.reason != .rolledBack: kind = .stageFailed
        default: return nil
        }
        return NotificationEvent(
            kind: kind, stage: current.stage, revision: current.revision, reason: current.reason?.rawValue,
            message: current.message ?? current.phase.rawValue, time: current.time)
    }
}
