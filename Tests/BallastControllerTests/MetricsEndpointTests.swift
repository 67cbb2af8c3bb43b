import BallastController
import Foundation
import Testing

@Suite("/metrics of the real HTTP server")
struct MetricsEndpointTests {
    @Test("/metrics parses as Prometheus text and carries what was recorded")
    func metrics() async throws {
        let metrics = ControllerMetrics()
        metrics.recordReconcile(stage: "prod", duration: .seconds(42), success: true, finishedAt: 1_790_000_000)
        metrics.recordReconcile(stage: "dev", duration: .milliseconds(800), success: false, finishedAt: 1_790_000_100)
        metrics.recordReconcile(stage: "dev", duration: .seconds(3), success: false, finishedAt: 1_790_000_200)
        metrics.recordRolloutWeight(stage: "prod", function: "orders", percent: 10)
        metrics.recordAWSRequest(service: "cloudformation", operation: "CreateChangeSet", application: nil)
        metrics.recordAWSRequest(service: "cloudformation", operation: "CreateChangeSet", application: nil)
        metrics.recordAWSRequest(service: "lambda", operation: "UpdateAlias", application: "shop")
        metrics.recordGitFetch(duration: .milliseconds(120))
        metrics.for(application: "shop").recordRefusal(stage: "prod")

        try await RunningServer.with(metrics: metrics) { server in
            let response = try await server.request("GET", "metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = try PrometheusText(parsing: response.text)

            #expect(text.types["ballast_reconcile_duration_seconds"] == "histogram")
            #expect(text.types["ballast_reconcile_failures_total"] == "counter")
            #expect(text.types["ballast_last_success_timestamp_seconds"] == "gauge")
            #expect(text.types["ballast_rollout_weight_percent"] == "gauge")
            #expect(text.types["ballast_aws_requests_total"] == "counter")
            #expect(text.types["ballast_git_fetch_duration_seconds"] == "histogram")

            #expect(
                text.value("ballast_reconcile_duration_seconds_count", ["application": "default", "stage": "prod"]) == 1
            )
            #expect(
                text.value("ballast_reconcile_duration_seconds_sum", ["application": "default", "stage": "prod"]) == 42)
            #expect(
                text.value(
                    "ballast_reconcile_duration_seconds_bucket",
                    ["application": "default", "stage": "prod", "le": "60.0"]) == 1)
            #expect(
                text.value(
                    "ballast_reconcile_duration_seconds_bucket",
                    ["application": "default", "stage": "prod", "le": "30.0"]) == 0)
            #expect(
                text.value("ballast_reconcile_duration_seconds_count", ["application": "default", "stage": "dev"]) == 2)
            #expect(text.value("ballast_reconcile_failures_total", ["application": "default", "stage": "dev"]) == 2)
            #expect(text.value("ballast_reconcile_failures_total", ["application": "default", "stage": "prod"]) == 0)
            #expect(
                text.value("ballast_last_success_timestamp_seconds", ["application": "default", "stage": "prod"])
                    == 1_790_000_000)
            #expect(
                text.value("ballast_last_success_timestamp_seconds", ["application": "default", "stage": "dev"]) == nil)
            #expect(
                text.value(
                    "ballast_rollout_weight_percent", ["application": "default", "stage": "prod", "function": "orders"])
                    == 10)
            #expect(
                text.value(
                    "ballast_aws_requests_total",
                    ["application": "default", "service": "cloudformation", "operation": "CreateChangeSet"]) == 2)
            #expect(
                text.value(
                    "ballast_aws_requests_total",
                    ["application": "shop", "service": "lambda", "operation": "UpdateAlias"]) == 1)
            #expect(text.value("ballast_git_fetch_duration_seconds_count", ["application": "default"]) == 1)
            #expect(
                text.value("ballast_git_fetch_duration_seconds_bucket", ["application": "default", "le": "0.25"]) == 1)
            // Each application's loop records under its own label, into the one registry.
            #expect(text.value("ballast_reconcile_failures_total", ["application": "shop", "stage": "prod"]) == 1)
        }
    }

    @Test("the checker refuses what Prometheus would refuse")
    func checkerRejectsBadText() {
        #expect(throws: PrometheusText.ParseError.self) { try PrometheusText(parsing: "no_type 1\n") }
        #expect(throws: PrometheusText.ParseError.self) {
            try PrometheusText(parsing: "# TYPE x counter\nx{a=\"1\" 1\n")
        }
        #expect(throws: PrometheusText.ParseError.self) { try PrometheusText(parsing: "# TYPE x countr\nx 1\n") }
        #expect(throws: PrometheusText.ParseError.self) { try PrometheusText(parsing: "# TYPE x gauge\nx one\n") }
    }
}
