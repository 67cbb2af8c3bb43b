/// A CloudWatch alarm as it stands (DescribeAlarms by the stage's prefix).
public struct LiveAlarm: Sendable, Hashable {
    /// The alarm name.
    public var name: String
    /// The threshold.
    public var threshold: Double
    /// The comparison operator, e.g. `GreaterThanOrEqualToThreshold`.
    public var comparison: String
    /// The period in seconds (nil for metric-math alarms, whose periods sit in their metrics).
    public var period: Int?
    /// Evaluation periods.
    public var evaluationPeriods: Int
    /// ARNs notified on `ALARM`.
    public var alarmActions: [String]
    /// ARNs notified on `OK`.
    public var okActions: [String]
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    public var state: String

    /// Creates a live alarm.
    public init(
        name: String, threshold: Double, comparison: String, period: Int?, evaluationPeriods: Int,
        alarmActions: [String],
        okActions: [String], state: String
    ) {
        self.name = name
        self.threshold = threshold
        self.comparison = comparison
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.alarmActions = alarmActions
        self.okActions = okActions
        self.state = state
    }
}
