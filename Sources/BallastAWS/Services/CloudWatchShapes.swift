import Foundation

/// The state of an alarm: `OK`, `ALARM`, `INSUFFICIENT_DATA`.
public struct AlarmState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A state from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The metric is within the threshold.
    public static let ok = AlarmState(rawValue: "OK")
    /// The metric crossed the threshold: a rollout stops and rolls back.
    public static let alarm = AlarmState(rawValue: "ALARM")
    /// Not enough data to decide (a new alarm on AWS, or a metric with no data points).
    public static let insufficientData = AlarmState(rawValue: "INSUFFICIENT_DATA")

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// One dimension of a metric, `FunctionName=orders-api`.
public struct MetricDimension: Sendable, Hashable {
    /// The dimension's name, `FunctionName`.
    public var name: String
    /// Its value.
    public var value: String

    /// A dimension from its name and value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An alarm on one metric, or on metric math, as `DescribeAlarms` gives it.
public struct MetricAlarm: Sendable, Hashable {
    /// The alarm name.
    public var name: String
    /// Its ARN, `arn:aws:cloudwatch:eu-central-1:123456789012:alarm:name`.
    public var arn: String
    /// Its description.
    public var description: String?
    /// Whether its actions run on state changes.
    public var actionsEnabled: Bool
    /// ARNs notified on `ALARM`.
    public var alarmActions: [String]
    /// ARNs notified on `OK`.
    public var okActions: [String]
    /// ARNs notified on `INSUFFICIENT_DATA`.
    public var insufficientDataActions: [String]
    /// The current state.
    public var stateValue: AlarmState
    /// Why it is in that state, in words.
    public var stateReason: String?
    /// When the state last changed.
    public var stateUpdatedTimestamp: Date?
    /// The metric's name; `nil` for a metric-math alarm.
    public var metricName: String?
    /// The metric's namespace, `AWS/Lambda`; `nil` for a metric-math alarm.
    public var namespace: String?
    /// `Sum`, `Average`, `Maximum`, …; `nil` for a percentile or metric-math alarm.
    public var statistic: String?
    /// A percentile statistic, `p99`.
    public var extendedStatistic: String?
    /// The metric's dimensions.
    public var dimensions: [MetricDimension]
    /// The period in seconds; `nil` for a metric-math alarm (its periods sit in its metrics).
    public var period: Int?
    /// How many periods are evaluated.
    public var evaluationPeriods: Int
    /// How many of them must breach, when not all.
    public var datapointsToAlarm: Int?
    /// The threshold; `nil` for an anomaly-detection alarm.
    public var threshold: Double?
    /// `GreaterThanOrEqualToThreshold`, `LessThanThreshold`, …
    public var comparisonOperator: String
    /// `missing`, `notBreaching`, `breaching`, `ignore`.
    public var treatMissingData: String?
    /// Whether the alarm is on metric math (`Metrics`) rather than one metric.
    public var usesMetricMath: Bool

    /// An alarm from its parts.
    public init(
        name: String, arn: String, description: String? = nil, actionsEnabled: Bool = true, alarmActions: [String] = [],
        okActions: [String] = [], insufficientDataActions: [String] = [], stateValue: AlarmState,
        stateReason: String? = nil, stateUpdatedTimestamp: Date? = nil, metricName: String? = nil,
        namespace: String? = nil, statistic: String? = nil, extendedStatistic: String? = nil,
        dimensions: [MetricDimension] = [], period: Int? = nil, evaluationPeriods: Int, datapointsToAlarm: Int? = nil,
        threshold: Double? = nil, comparisonOperator: String, treatMissingData: String? = nil,
        usesMetricMath: Bool = false
    ) {
        self.name = name
        self.arn = arn
        self.description = description
        self.actionsEnabled = actionsEnabled
        self.alarmActions = alarmActions
        self.okActions = okActions
        self.insufficientDataActions = insufficientDataActions
        self.stateValue = stateValue
        self.stateReason = stateReason
        self.stateUpdatedTimestamp = stateUpdatedTimestamp
        self.metricName = metricName
        self.namespace = namespace
        self.statistic = statistic
        self.extendedStatistic = extendedStatistic
        self.dimensions = dimensions
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = datapointsToAlarm
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
        self.usesMetricMath = usesMetricMath
    }

    /// Reads one `MetricAlarms/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        name = try member.requiredText(at: "AlarmName")
        arn = try member.requiredText(at: "AlarmArn")
        description = member.text(at: "AlarmDescription")
        actionsEnabled = try member.bool(at: "ActionsEnabled") ?? true
        alarmActions = member.elements(at: "AlarmActions/member").map(\.text)
        okActions = member.elements(at: "OKActions/member").map(\.text)
        insufficientDataActions = member.elements(at: "InsufficientDataActions/member").map(\.text)
        stateValue = AlarmState(rawValue: try member.requiredText(at: "StateValue"))
        stateReason = member.text(at: "StateReason")
        stateUpdatedTimestamp = try member.timestamp(at: "StateUpdatedTimestamp")
        metricName = member.text(at: "MetricName")
        namespace = member.text(at: "Namespace")
        statistic = member.text(at: "Statistic")
        extendedStatistic = member.text(at: "ExtendedStatistic")
        dimensions = try member.elements(at: "Dimensions/member").map { (item) throws(ResponseDecodingError) in
            MetricDimension(name: try item.requiredText(at: "Name"), value: item.text(at: "Value") ?? "")
        }
        period = try member.int(at: "Period")
        evaluationPeriods = try member.int(at: "EvaluationPeriods") ?? 1
        datapointsToAlarm = try member.int(at: "DatapointsToAlarm")
        threshold = try Self.double(member, "Threshold")
        comparisonOperator = try member.requiredText(at: "ComparisonOperator")
        treatMissingData = member.text(at: "TreatMissingData")
        usesMetricMath = !member.elements(at: "Metrics/member").isEmpty
    }

    /// The number at `path` (`3`, `3.0`, `1e3`), or `nil` when absent.
    private static func double(_ tree: XMLTree, _ path: String) throws(ResponseDecodingError) -> Double? {
        guard let text = tree.text(at: path) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ResponseDecodingError(path: "\(tree.name)/\(path)", reason: "not a number")
        }
        return value
    }
}

/// An alarm whose state is a rule over other alarms (`ALARM(a) OR ALARM(b)`).
public struct CompositeAlarm: Sendable, Hashable {
    /// The alarm name.
    public var name: String
    /// Its ARN.
    public var arn: String
    /// The rule.
    public var alarmRule: String
    /// The current state.
    public var stateValue: AlarmState
    /// Why it is in that state.
    public var stateReason: String?
    /// When the state last changed.
    public var stateUpdatedTimestamp: Date?
    /// ARNs notified on `ALARM`.
    public var alarmActions: [String]
    /// ARNs notified on `OK`.
    public var okActions: [String]

    /// An alarm from its parts.
    public init(
        name: String, arn: String, alarmRule: String, stateValue: AlarmState, stateReason: String? = nil,
        stateUpdatedTimestamp: Date? = nil, alarmActions: [String] = [], okActions: [String] = []
    ) {
        self.name = name
        self.arn = arn
        self.alarmRule = alarmRule
        self.stateValue = stateValue
        self.stateReason = stateReason
        self.stateUpdatedTimestamp = stateUpdatedTimestamp
        self.alarmActions = alarmActions
        self.okActions = okActions
    }

    /// Reads one `CompositeAlarms/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        name = try member.requiredText(at: "AlarmName")
        arn = try member.requiredText(at: "AlarmArn")
        alarmRule = member.text(at: "AlarmRule") ?? ""
        stateValue = AlarmState(rawValue: try member.requiredText(at: "StateValue"))
        stateReason = member.text(at: "StateReason")
        stateUpdatedTimestamp = try member.timestamp(at: "StateUpdatedTimestamp")
        alarmActions = member.elements(at: "AlarmActions/member").map(\.text)
        okActions = member.elements(at: "OKActions/member").map(\.text)
    }
}

/// Which alarms `DescribeAlarms` selects.
public enum AlarmSelection: Sendable, Hashable {
    /// Every alarm of the account in the region.
    case all
    /// The alarms with these names (at most 100).
    case names([String])
    /// The alarms whose names start with this prefix.
    case prefix(String)
}

/// The kinds of alarm `DescribeAlarms` returns.
public enum AlarmType: String, Sendable, Hashable {
    /// Alarms on a metric or on metric math.
    case metric = "MetricAlarm"
    /// Alarms on a rule over other alarms.
    case composite = "CompositeAlarm"
}

/// The input of one `DescribeAlarms` page.
public struct DescribeAlarmsInput: Sendable, Hashable {
    /// Which alarms.
    public var selection: AlarmSelection
    /// Only alarms in this state.
    public var stateValue: AlarmState?
    /// The kinds returned; AWS returns metric alarms only when this is empty.
    public var alarmTypes: [AlarmType]
    /// The page size, 1–100.
    public var maxRecords: Int?
    /// The token of the page to read.
    public var nextToken: String?

    /// An input from its parts.
    public init(
        selection: AlarmSelection = .all, stateValue: AlarmState? = nil, alarmTypes: [AlarmType] = [],
        maxRecords: Int? = nil, nextToken: String? = nil
    ) {
        self.selection = selection
        self.stateValue = stateValue
        self.alarmTypes = alarmTypes
        self.maxRecords = maxRecords
        self.nextToken = nextToken
    }

    /// The query request.
    public var queryRequest: QueryRequest {
        var parameters: [String: QueryValue] = [:]
        switch selection {
        case .all: break
        case .names(let names): parameters["AlarmNames"] = .strings(names)
        case .prefix(let prefix): parameters["AlarmNamePrefix"] = .string(prefix)
        }
        if let stateValue { parameters["StateValue"] = .string(stateValue.rawValue) }
        if !alarmTypes.isEmpty { parameters["AlarmTypes"] = .strings(alarmTypes.map(\.rawValue)) }
        if let maxRecords { parameters["MaxRecords"] = .int(maxRecords) }
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return QueryRequest(action: "DescribeAlarms", version: CloudWatch.apiVersion, parameters: parameters)
    }
}

/// One page of `DescribeAlarms`.
public struct DescribeAlarmsOutput: QueryResultDecodable, Hashable {
    /// The metric alarms on this page.
    public var metricAlarms: [MetricAlarm]
    /// The composite alarms on this page (only when asked for with `AlarmTypes`).
    public var compositeAlarms: [CompositeAlarm]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads `MetricAlarms/member`, `CompositeAlarms/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        metricAlarms = try result.elements(at: "MetricAlarms/member").map { (member) throws(ResponseDecodingError) in
            try MetricAlarm(member: member)
        }
        compositeAlarms = try result.elements(at: "CompositeAlarms/member").map {
            (member) throws(ResponseDecodingError) in try CompositeAlarm(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}
