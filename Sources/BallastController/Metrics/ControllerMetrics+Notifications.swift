import BallastControllerConfig
import BallastModel
import Metrics

extension ControllerMetrics {
    static let notifications = "ballast_notifications_total"
    static let notificationsDropped = "ballast_notifications_dropped_total"

    /// Counts one event of `application` (nil: the single form, `default`) to `target` (its
    /// label, `webhook-1`), delivered or given up on after its retries:
    /// `ballast_notifications_total{application, target, result="delivered"|"failed"}`.
    public func recordNotification(target: String, delivered: Bool, application: String? = nil) {
        Metrics.Counter(
            label: Self.notifications,
            dimensions: [
                ("application", application ?? ControllerApplication.defaultName), ("target", target),
                ("result", delivered ? "delivered" : "failed"),
            ],
            factory: factory
        ).increment()
    }

    /// Counts one event of `application` dropped unsent because `target`'s queue was full:
    /// `ballast_notifications_dropped_total{application, target}`.
    public func recordNotificationDropped(target: String, application: String? = nil) {
        Metrics.Counter(
            label: Self.notificationsDropped,
            dimensions: [("application", application ?? ControllerApplication.defaultName), ("target", target)],
            factory: factory
        ).increment()
    }
}
