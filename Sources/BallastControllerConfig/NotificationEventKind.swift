import BallastModel

/// What a notification is about: the names `notifications[].events` accepts in
/// `controller/config.yaml`.
public enum NotificationEventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A handler's new version received its first share of traffic.
    case rolloutStarted
    /// A rollout in progress moved to its next weight.
    case rolloutStep
    /// A rollout reached 100% on the new version.
    case rolloutCompleted
    /// An alarm (or an abort) sent all traffic back to the old version.
    case rolledBack
    /// A reconcile failed or a commit was refused.
    case stageFailed
    /// A plan waits for `ballast approve`.
    case approvalNeeded

    /// The names, as the configuration writes them, for "allowed: …" in errors.
    public static var allowedNames: [String] { allCases.map(\.rawValue) }
}
