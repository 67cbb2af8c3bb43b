import BallastAWS
import BallastPlan
import Foundation

extension RolloutDriver {
    /// The new version's own metrics since `since`: `AWS/Lambda` `Invocations` and `Errors`
    /// (Sum) and `Duration` (p99) of the invocations through the alias `live` that ran
    /// `version`. Lambda publishes those with the dimensions `FunctionName`, `Resource`
    /// (`function:live`) and `ExecutedVersion`; CloudWatch matches a dimension set exactly, so
    /// all three are named. One period covers the whole window (whole minutes, as standard
    /// resolution needs), so each query gives at most one data point a page.
    func versionMetrics(functionName: String, version: String, since: Date) async throws -> VersionMetrics {
        let end = now().addingTimeInterval(1)
        let start = Date(timeIntervalSince1970: since.timeIntervalSince1970.rounded(.down))
        let period = max(60, Int((end.timeIntervalSince(start) / 60).rounded(.up)) * 60)
        let dimensions = [
            MetricDimension(name: "FunctionName", value: functionName),
            MetricDimension(name: "Resource", value: "\(functionName):live"),
            MetricDimension(name: "ExecutedVersion", value: version),
        ]
        func query(_ id: String, _ metric: String, _ stat: String) -> MetricDataQuery {
            MetricDataQuery(
                id: id, namespace: "AWS/Lambda", metricName: metric, dimensions: dimensions, period: period, stat: stat)
        }
        let results = try await cloudWatch.metricData(
            GetMetricDataInput(
                queries: [
                    query("invocations", "Invocations", "Sum"), query("errors", "Errors", "Sum"),
                    query("p99", "Duration", "p99"),
                ], startTime: start, endTime: end))
        return VersionMetrics(
            invocations: results["invocations"]?.values.reduce(0, +) ?? 0,
            errors: results["errors"]?.values.reduce(0, +) ?? 0,
            p99DurationMs: results["p99"]?.values.max())
    }
}
