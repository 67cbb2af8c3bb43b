import BallastModel

/// The stage's monitoring: an SNS topic with the stage's e-mail subscription, and every alarm
/// (per handler: Errors, Duration; per handler's API route: 4XX, 5XX, Latency; per
/// database: CPU, free storage), named `<project>-<stage>-<subject>-<metric>`, notifying the
/// topic on alarm and on recovery.
struct Alarms {
    let naming: Naming
    let stage: Stage
    /// The part of the monitoring stack (1 holds the topic).
    let part: Int

    /// Defaults for thresholds the desired state leaves out.
    enum Defaults {
        static let errors = 1
        /// Percent of the timeout at which the duration alarm fires.
        static let durationPercentOfTimeout = 80
        static let api4xx = 100
        static let api5xx = 1
        static let apiLatencyMs = 3000
        static let databaseCPUPercent = 80
        /// Percent of allocated storage below which the free-storage alarm fires.
        static let freeStoragePercent = 10
    }

    /// The metric suffixes of the alarms each subject gets.
    enum Metric: String, CaseIterable {
        case errors
        case duration
        case api4xx = "api-4xx"
        case api5xx = "api-5xx"
        case apiLatency = "api-latency"
        case cpu
        case freeStorage = "free-storage"
    }

    static func topicExportName(_ naming: Naming) -> String { naming.exportName("monitoring", "AlarmTopicArn") }

    /// The topic alarms notify: its own in part 1, imported in the others.
    var topic: JSONValue { part == 1 ? .ref("AlarmTopic") : .importValue(Self.topicExportName(naming)) }

    /// An empty template for this part; part 1 holds the topic and its subscription.
    func base() -> Template {
        var template = Template(
            description: "Ballast \(naming.prefix): alarms and their notification topic (part \(part))")
        guard part == 1 else { return template }
        template.add("AlarmTopic", Resource("AWS::SNS::Topic", ["TopicName": .string(naming.alarmTopicName)]))
        template.add(
            "AlarmEmailSubscription",
            Resource(
                "AWS::SNS::Subscription",
                ["TopicArn": .ref("AlarmTopic"), "Protocol": "email", "Endpoint": .string(stage.monitoring.email)]))
        template.output(
            "AlarmTopicArn", .ref("AlarmTopic"), export: Self.topicExportName(naming),
            description: "Topic every alarm notifies")
        return template
    }

    func addAlarms(for function: ResolvedFunction, to template: inout Template) {
        let id = Naming.logicalId(function.name)
        let functionDimension: JSONValue = [
            ["Name": "FunctionName", "Value": .string(naming.functionName(function.name))]
        ]
        add(
            Naming.LogicalId.errorsAlarm(function.name), subject: function.name, metric: .errors,
            description: "\(function.name): invocation errors", to: &template,
            properties: [
                "Namespace": "AWS/Lambda", "MetricName": "Errors", "Dimensions": functionDimension, "Statistic": "Sum",
                "Threshold": .integer(function.errorsAlarmThreshold),
            ])
        add(
            "\(id)DurationAlarm", subject: function.name, metric: .duration,
            description: "\(function.name): average duration in milliseconds", to: &template,
            properties: [
                "Namespace": "AWS/Lambda", "MetricName": "Duration", "Dimensions": functionDimension,
                "Statistic": "Average",
                "Threshold": .integer(function.durationAlarmThresholdMs),
            ])
        guard let api = function.api else { return }
        let routeAlarms: [(Metric, String, String, Int, String)] = [
            (.api4xx, "4XXError", "Sum", function.alarms.api4xx ?? Defaults.api4xx, "client errors"),
            (.api5xx, "5XXError", "Sum", function.alarms.api5xx ?? Defaults.api5xx, "server errors"),
            (
                .apiLatency, "Latency", "Average", function.alarms.apiLatencyMs ?? Defaults.apiLatencyMs,
                "latency in milliseconds"
            ),
        ]
        for (metric, metricName, statistic, threshold, what) in routeAlarms {
            add(
                "\(id)\(Naming.logicalId(metric.rawValue))Alarm", subject: function.name, metric: metric,
                description: "\(function.name): API \(what) on \(api.path)", to: &template,
                properties: [
                    "Metrics": routeMetrics(api, metricName: metricName, statistic: statistic, sum: statistic == "Sum"),
                    "Threshold": .integer(threshold),
                ])
        }
    }

    /// One metric per method of the route, combined: summed for counts, the highest for
    /// latency. API Gateway publishes per-method metrics because the stage enables them.
    /// Both are array functions, which take the methods that have a value in a period: `m1 +
    /// m2` would have none in a period where one method got no requests, so errors of a route
    /// whose other method is quiet would never reach the alarm.
    private func routeMetrics(_ api: ApiRoute, metricName: String, statistic: String, sum: Bool) -> JSONValue {
        var metrics: [JSONValue] = api.methods.enumerated().map { index, method in
            [
                "Id": .string("m\(index + 1)"), "ReturnData": false,
                "MetricStat": [
                    "Metric": [
                        "Namespace": "AWS/ApiGateway", "MetricName": .string(metricName),
                        "Dimensions": [
                            ["Name": "ApiName", "Value": .string(Api.restApiName(naming))],
                            ["Name": "Stage", "Value": .string(naming.stage)],
                            ["Name": "Resource", "Value": .string(api.path)],
                            ["Name": "Method", "Value": .string(method)],
                        ],
                    ],
                    "Period": 60, "Stat": .string(statistic),
                ],
            ]
        }
        let ids = (1...api.methods.count).map { "m\($0)" }
        let expression = ids.count == 1 ? ids[0] : "\(sum ? "SUM" : "MAX")([\(ids.joined(separator: ", "))])"
        metrics.append([
            "Id": "total", "Expression": .string(expression), "ReturnData": true, "Label": .string(metricName),
        ])
        return .array(metrics)
    }

    func addAlarms(for database: DatabaseSpec, to template: inout Template) {
        let id = Naming.logicalId(database.name)
        let dimension: JSONValue = [
            ["Name": "DBInstanceIdentifier", "Value": .string(naming.databaseIdentifier(database.name))]
        ]
        add(
            Naming.LogicalId.cpuAlarm(database.name), subject: database.name, metric: .cpu,
            description: "\(database.name): CPU percent",
            to: &template,
            properties: [
                "Namespace": "AWS/RDS", "MetricName": "CPUUtilization", "Dimensions": dimension, "Statistic": "Average",
                "Threshold": .integer(Defaults.databaseCPUPercent), "EvaluationPeriods": 5,
            ])
        let freeBytes = stage.database.storageGiB * (1 << 30) / 100 * Defaults.freeStoragePercent
        add(
            "\(id)FreeStorageAlarm", subject: database.name, metric: .freeStorage,
            description:
                "\(database.name): free storage below \(Defaults.freeStoragePercent)% of \(stage.database.storageGiB) GiB",
            to: &template,
            properties: [
                "Namespace": "AWS/RDS", "MetricName": "FreeStorageSpace", "Dimensions": dimension,
                "Statistic": "Minimum", "Threshold": .integer(freeBytes), "ComparisonOperator": "LessThanThreshold",
                "EvaluationPeriods": 5,
            ])
    }

    private func add(
        _ logicalId: String, subject: String, metric: Metric, description: String, to template: inout Template,
        properties: [String: JSONValue]
    ) {
        var all: [String: JSONValue] = [
            "AlarmName": .string(naming.alarmName(subject, metric.rawValue)),
            "AlarmDescription": .string("\(naming.prefix) \(description)"),
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "EvaluationPeriods": 1,
            "TreatMissingData": "notBreaching",
            "AlarmActions": [topic],
            "OKActions": [topic],
        ]
        if properties["Metrics"] == nil { all["Period"] = 60 }
        all.merge(properties) { _, new in new }
        template.add(logicalId, Resource("AWS::CloudWatch::Alarm", all))
    }
}
