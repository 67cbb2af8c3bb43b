import Foundation

/// What the new version's own metrics showed since its step began: CloudWatch `AWS/Lambda`
/// `Invocations` and `Errors` (Sum) and `Duration` (p99) for the invocations of the alias
/// `live` that ran this version (dimensions `FunctionName`, `Resource` = `function:live`,
/// `ExecutedVersion` = the version).
public struct VersionMetrics: Sendable, Hashable {
    /// Invocations of the version.
    public var invocations: Double
    /// Invocations that ended in an error.
    public var errors: Double
    /// The 99th percentile of duration in milliseconds; nil without data points.
    public var p99DurationMs: Double?

    /// Metrics from their parts.
    public init(invocations: Double, errors: Double, p99DurationMs: Double? = nil) {
        self.invocations = invocations
        self.errors = errors
        self.p99DurationMs = p99DurationMs
    }
}

/// The per-version gate of a rollout: the new version alone is held to the function's alarm
/// thresholds, so a bad version at 10% is caught even when its errors are too few to move the
/// function-wide alarm, and a healthy one is not blocked by trouble of the stable version.
public enum VersionHealth {
    /// What the metrics say.
    public enum Verdict: Sendable, Hashable {
        /// Within the thresholds.
        case healthy
        /// Over a threshold: the rollout is rolled back for this reason (naming the metric).
        case failing(reason: String)
        /// No invocations of the version yet: nothing to judge.
        case noTraffic
    }

    /// Judges `metrics` of `version`, gathered over `window` seconds at `weightPercent` of
    /// traffic. Errors fail the version when they reach the errors alarm's threshold (errors a
    /// minute at full traffic) scaled to the version's share of traffic and the window, at
    /// least one error; duration fails when p99 reaches the duration alarm's threshold.
    public static func judge(
        _ metrics: VersionMetrics, version: String, errorsPerMinute: Int, durationMs: Int, weightPercent: Int,
        window: TimeInterval
    ) -> Verdict {
        guard metrics.invocations > 0 || metrics.errors > 0 else { return .noTraffic }
        let share = Double(max(0, min(100, weightPercent))) / 100
        let allowed = max(1, (Double(errorsPerMinute) * max(window, 0) / 60 * share).rounded(.up))
        if metrics.errors >= allowed {
            let rate =
                metrics.invocations > 0
                ? String(
                    format: " of %.0f invocations (%.1f%%)", metrics.invocations,
                    metrics.errors / metrics.invocations * 100) : ""
            return .failing(
                reason:
                    "version \(version): Errors \(Int(metrics.errors))\(rate) since the step began, at or over \(Int(allowed)) allowed"
            )
        }
        if let p99 = metrics.p99DurationMs, p99 >= Double(durationMs) {
            return .failing(
                reason: "version \(version): Duration p99 \(Int(p99.rounded())) ms, at or over \(durationMs) ms")
        }
        return .healthy
    }
}
