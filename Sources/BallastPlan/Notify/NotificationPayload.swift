import BallastControllerConfig
import BallastModel
import Foundation

/// The bodies a notification is posted with: the event as JSON for a generic webhook, and a
/// Slack incoming-webhook message. Deterministic bytes (sorted keys), so a signature can be
/// checked against exactly what was sent.
public enum NotificationPayload {
    /// The JSON of `event` for a generic webhook: `event`, `stage`, `message`, `time` and, when
    /// known, `application`, `revision`, `function`, `from`, `to`, `weight`, `reason`.
    public static func webhook(_ event: NotificationEvent) -> Data {
        var object: [String: Any] = [
            "source": "ballast", "event": event.kind.rawValue, "stage": event.stage, "message": event.message,
            "time": Date.ISO8601FormatStyle(timeZone: .gmt).format(event.time),
        ]
        object["application"] = event.application
        object["revision"] = event.revision
        object["function"] = event.function
        object["from"] = event.from
        object["to"] = event.to
        object["weight"] = event.weight
        object["reason"] = event.reason
        return json(object)
    }

    /// A Slack message for `event`: `text` (what notifications and older clients show) and one
    /// section block with the same words and a context line of application, stage, commit and
    /// reason.
    public static func slack(_ event: NotificationEvent) -> Data {
        let place = event.application.map { "\($0)/\(event.stage)" } ?? event.stage
        let headline = "\(title(event.kind)) in \(place): \(event.message)"
        var context = event.application.map { ["application \($0)"] } ?? []
        context.append("stage \(event.stage)")
        if let revision = event.revision { context.append("commit \(revision.prefix(12))") }
        if let reason = event.reason { context.append(reason) }
        let section: [String: Any] = [
            "type": "section",
            "text": ["type": "mrkdwn", "text": "*\(escaped(title(event.kind)))*: \(escaped(event.message))"],
        ]
        let contextBlock: [String: Any] = [
            "type": "context", "elements": [["type": "mrkdwn", "text": escaped(context.joined(separator: " · "))]],
        ]
        let object: [String: Any] = ["text": escaped(headline), "blocks": [section, contextBlock]]
        return json(object)
    }

    /// The event's name for people: "Rollout started", "Stage failed", ….
    public static func title(_ kind: NotificationEventKind) -> String {
        switch kind {
        case .rolloutStarted: "Rollout started"
        case .rolloutStep: "Rollout step"
        case .rolloutCompleted: "Rollout completed"
        case .rolledBack: "Rolled back"
        case .stageFailed: "Stage failed"
        case .approvalNeeded: "Approval needed"
        }
    }

    /// `text` with the three characters Slack's message format reserves (`&`, `<`, `>`)
    /// written as entities, so a commit or error message cannot make a link or a mention.
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func json(_ object: [String: Any]) -> Data {
        // Strings, integers, lists and mappings only: serialization cannot fail.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }
}
