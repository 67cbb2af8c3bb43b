import Metrics

extension ControllerMetrics {
    static let notifications = "ballast_notifications_total"
    static let notificationsDropped = "ballast_notifications_dropped_total"

    /// Counts one event to `target` (its label, `webhook-1`), delivered or given up on after
    /// its retries: `ballast_notifications_total{target, result="delivered"|"failed"}`.
    public func recordNotification(target: String, delivered: Bool) {
        Metrics.Counter(
            label: Self.notifications,
            dimensions: [("target", target), ("result", delivered ? "delivered" : "failed")],
            factory: factory
        ).increment()
    }

    /// Counts one event dropped unsent because `target`'s queue was full:
    /// `ballast_notifications_dropped_total{target}`.
    public func recordNotificationDropped(target: String) {
        Metrics.Counter(label: Self.notificationsDropped, dimensions: [("target", target)], factory: factory)
            .increment()
    }
}
