import BallastSynth

/// An alarm whose live settings differ from its template: someone edited it by hand (or
/// deleted it). CloudFormation does not see such drift; Ballast reports it.
public struct AlarmDrift: Sendable, Hashable {
    /// The alarm name.
    public var name: String
    /// What differs, e.g. `threshold 1 → 5` (live → template), or `missing`.
    public var differences: [String]

    /// Creates a drift record.
    public init(name: String, differences: [String]) {
        self.name = name
        self.differences = differences
    }

    /// The drift of every alarm the deployed monitoring templates define. `templates` are the
    /// monitoring stacks as deployed (live) — drift is measured against what CloudFormation
    /// last applied, not against a desired change still to deploy. `topicSuffix` is the topic
    /// name every alarm notifies (`<project>-<stage>-alarms`).
    public static func find(templates: [JSONValue], live: [LiveAlarm], topicSuffix: String) -> [AlarmDrift] {
        let liveByName = Dictionary(live.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var drifts: [AlarmDrift] = []
        let alarms = templates.flatMap { template in
            (template["Resources"]?.objectValue ?? [:]).values.filter { $0["Type"] == "AWS::CloudWatch::Alarm" }
        }
        for alarm in alarms {
            guard let properties = alarm["Properties"], let name = properties["AlarmName"]?.stringValue else {
                continue
            }
            guard let current = liveByName[name] else {
                drifts.append(AlarmDrift(name: name, differences: ["missing"]))
                continue
            }
            var differences: [String] = []
            if let threshold = properties["Threshold"].flatMap(ComparableValue.scalarText).flatMap(Double.init),
                threshold != current.threshold
            {
                differences.append("threshold \(format(current.threshold)) → \(format(threshold))")
            }
            if let comparison = properties["ComparisonOperator"]?.stringValue, comparison != current.comparison {
                differences.append("comparison \(current.comparison) → \(comparison)")
            }
            if let period = properties["Period"].flatMap(ComparableValue.scalarText).flatMap(Int.init),
                period != current.period
            {
                differences.append("period \(current.period.map(String.init) ?? "none") → \(period)")
            }
            if let periods = properties["EvaluationPeriods"].flatMap(ComparableValue.scalarText).flatMap(Int.init),
                periods != current.evaluationPeriods
            {
                differences.append("evaluation periods \(current.evaluationPeriods) → \(periods)")
            }
            let expectedActions = properties["AlarmActions"]?.arrayValue?.count ?? 0
            let notifying = current.alarmActions.filter { $0.hasSuffix(":" + topicSuffix) }
            if notifying.count != expectedActions || current.alarmActions.count != expectedActions {
                differences.append("alarm actions \(current.alarmActions.joined(separator: ",")) → the stage's topic")
            }
            let expectedOK = properties["OKActions"]?.arrayValue?.count ?? 0
            if current.okActions.count != expectedOK
                || current.okActions.contains(where: { !$0.hasSuffix(":" + topicSuffix) })
            {
                differences.append("OK actions \(current.okActions.joined(separator: ",")) → the stage's topic")
            }
            if !differences.isEmpty { drifts.append(AlarmDrift(name: name, differences: differences)) }
        }
        return drifts.sorted { $0.name < $1.name }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
