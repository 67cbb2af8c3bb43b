import BallastControllerConfig
import BallastModel
import Metrics
import Prometheus

/// The controller's Prometheus metrics, recorded through the swift-metrics API into a registry
/// this value owns (the global `MetricsSystem` is never bootstrapped), and rendered for
/// `GET /metrics`.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `ballast_reconcile_duration_seconds` | histogram | `application`, `stage` |
/// | `ballast_reconcile_failures_total` | counter | `application`, `stage` |
/// | `ballast_last_success_timestamp_seconds` | gauge | `application`, `stage` |
/// | `ballast_rollout_weight_percent` | gauge | `application`, `stage`, `function` |
/// | `ballast_aws_requests_total` | counter | `application`, `service`, `operation` |
/// | `ballast_git_fetch_duration_seconds` | histogram | `application` |
/// | `ballast_stage_list_invalid` | gauge | `application` (1 while the branch naming the stages cannot) |
///
/// The `application` label is ``application`` (`default` for the single form); each loop records
/// through ``for(application:)``. AWS requests go through one session shared by all
/// applications (their rates are shared too), so they are labelled with the
/// ``ApplicationScope`` the request was sent in.
public struct ControllerMetrics: Sendable {
    /// The registry the metrics live in; other components may add their own metrics to it.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry``, for libraries that take one.
    public let factory: PrometheusMetricsFactory

    static let reconcileDuration = "ballast_reconcile_duration_seconds"
    static let reconcileFailures = "ballast_reconcile_failures_total"
    static let lastSuccess = "ballast_last_success_timestamp_seconds"
    static let rolloutWeight = "ballast_rollout_weight_percent"
    static let awsRequests = "ballast_aws_requests_total"
    static let gitFetchDuration = "ballast_git_fetch_duration_seconds"
    static let stageListInvalid = "ballast_stage_list_invalid"

    /// The application the stage and Git metrics recorded through this value are labelled with.
    public private(set) var application = "default"

    /// The same registry, recording the stage and Git metrics of `application`.
    public func `for`(application: String) -> ControllerMetrics {
        var metrics = self
        metrics.application = application
        return metrics
    }

    /// Creates the metrics in a new registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A pass deploys CloudFormation stacks: seconds to half an hour.
        factory.durationHistogramBuckets[Self.reconcileDuration] = [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30),
            .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800),
        ]
        factory.durationHistogramBuckets[Self.gitFetchDuration] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.registry = registry
        self.factory = factory
    }

    /// Records one reconcile pass of `stage`: its duration, a failure if it failed, and the
    /// time of success (`finishedAt`, seconds since 1970) if it succeeded.
    public func recordReconcile(stage: String, duration: Duration, success: Bool, finishedAt: Double) {
        let labels = [("application", application), ("stage", stage)]
        Metrics.Timer(label: Self.reconcileDuration, dimensions: labels, factory: factory).record(duration: duration)
        let failures = Metrics.Counter(label: Self.reconcileFailures, dimensions: labels, factory: factory)
        if success {
            Gauge(label: Self.lastSuccess, dimensions: labels, factory: factory).record(finishedAt)
        } else {
            failures.increment()
        }
    }

    /// Counts a commit of `stage` refused without a reconcile (a desired state with errors, an
    /// untrusted commit, a force push): a failure, with no duration to record.
    public func recordRefusal(stage: String) {
        Metrics.Counter(
            label: Self.reconcileFailures, dimensions: [("application", application), ("stage", stage)],
            factory: factory
        ).increment()
    }

    /// Records the share of traffic (0–100) the new version of `function` in `stage` receives.
    public func recordRolloutWeight(stage: String, function: String, percent: Int) {
        Gauge(
            label: Self.rolloutWeight,
            dimensions: [("application", application), ("stage", stage), ("function", function)], factory: factory
        )
        .record(percent)
    }

    /// Counts one AWS API request, e.g. `cloudformation` `CreateChangeSet`, of `application`
    /// (nil: no application's loop sent it, counted as ``ControllerApplication/defaultName``).
    public func recordAWSRequest(service: String, operation: String, application: String?) {
        Metrics.Counter(
            label: Self.awsRequests,
            dimensions: [
                ("application", application ?? ControllerApplication.defaultName), ("service", service),
                ("operation", operation),
            ],
            factory: factory
        ).increment()
    }

    /// Records how long one Git fetch took.
    public func recordGitFetch(duration: Duration) {
        Metrics.Timer(label: Self.gitFetchDuration, dimensions: [("application", application)], factory: factory)
            .record(duration: duration)
    }

    /// Records whether the newest commit of the branch naming the stages names them.
    public func recordStageList(valid: Bool) {
        Gauge(label: Self.stageListInvalid, dimensions: [("application", application)], factory: factory).record(
            valid ? 0 : 1)
    }

    /// The metrics in Prometheus text exposition format 0.0.4.
    public func exposition() -> String {
        registry.emitToString()
    }
}
