import BallastControllerConfig
import BallastModel
import Foundation

/// Something about a stage worth telling people: a rollout's start, step, end or rollback, a
/// failed stage, a plan waiting for approval. Built from two statuses by
/// ``NotificationEvents``; carries only what `/status` shows, never a credential.
public struct NotificationEvent: Sendable, Hashable {
    /// What happened.
    public var kind: NotificationEventKind
    /// The application the stage belongs to, with an `applications:` list; nil for the single
    /// form, whose stages are the only ones.
    public var application: String?
    /// The stage.
    public var stage: String
    /// The commit reconciled.
    public var revision: String?
    /// The handler, for rollout events.
    public var function: String?
    /// The version traffic comes from (rollout events).
    public var from: String?
    /// The version traffic goes to (rollout events).
    public var to: String?
    /// The new version's share of traffic, 0–100 (rollout events).
    public var weight: Int?
    /// The status's one-word reason (`RolledBack`, `StackFailed`, `AwaitingApproval`, …).
    public var reason: String?
    /// A sentence for humans.
    public var message: String
    /// When the status was taken.
    public var time: Date

    /// Creates an event.
    public init(
        kind: NotificationEventKind, application: String? = nil, stage: String, revision: String? = nil,
        function: String? = nil,
        from: String? = nil, to: String? = nil, weight: Int? = nil, reason: String? = nil, message: String,
        time: Date
    ) {
        self.kind = kind
        self.application = application
        self.stage = stage
        self.revision = revision
        self.function = function
        self.from = from
        self.to = to
        self.weight = weight
        self.reason = reason
        self.message = message
        self.time = time
    }
}
