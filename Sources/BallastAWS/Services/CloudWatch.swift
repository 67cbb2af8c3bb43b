import Foundation

/// Amazon CloudWatch over the query protocol: reading alarms and their history, setting an
/// alarm's state, and reading metric data.
///
/// Every call throws `AWSError` (naming `CloudWatch` and the operation, with AWS's error code),
/// `CredentialsError`, or `ResponseDecodingError` for a 2xx response it cannot read.
public struct CloudWatch: AWSServiceClient {
    /// The API version every request names.
    public static let apiVersion = "2010-08-01"
    /// Amazon CloudWatch's names.
    public static let service = AWSService.cloudWatch

    /// Where and how requests go.
    public var connection: ServiceConnection

    /// A client over `connection`, whose service should be `.cloudWatch`.
    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    /// One page of alarms.
    public func describeAlarms(_ input: DescribeAlarmsInput) async throws -> DescribeAlarmsOutput {
        try await call(input.queryRequest, as: DescribeAlarmsOutput.self)
    }

    /// Every metric alarm `selection` picks, following every page. Composite alarms are left
    /// out (AWS returns them only when asked for; use `describeAlarms` with `alarmTypes`).
    public func metricAlarms(_ selection: AlarmSelection) async throws -> [MetricAlarm] {
        var input = DescribeAlarmsInput(selection: selection)
        var alarms: [MetricAlarm] = []
        var tokens = PageTokens(service: Self.serviceName, operation: "DescribeAlarms")
        while true {
            let page = try await describeAlarms(input)
            alarms += page.metricAlarms
            guard let token = try tokens.next(page.nextToken) else { return alarms }
            input.nextToken = token
        }
    }

    /// The metric alarm called `name`, or `nil` when there is none.
    public func metricAlarm(named name: String) async throws -> MetricAlarm? {
        try await describeAlarms(DescribeAlarmsInput(selection: .names([name]))).metricAlarms.first { $0.name == name }
    }

    /// Sets the state of alarm `name` until its next evaluation; its actions run as for a real
    /// change. For tests and drills (not in the list of operations).
    public func setAlarmState(name: String, state: AlarmState, reason: String, reasonData: String? = nil) async throws {
        var parameters: [String: QueryValue] = [
            "AlarmName": .string(name), "StateValue": .string(state.rawValue), "StateReason": .string(reason),
        ]
        if let reasonData { parameters["StateReasonData"] = .string(reasonData) }
        let request = QueryRequest(action: "SetAlarmState", version: Self.apiVersion, parameters: parameters)
        _ = try await connection.send(operation: request.action, request.wireRequest)
    }

    /// One page of alarm history, newest first.
    public func describeAlarmHistory(_ input: DescribeAlarmHistoryInput) async throws -> DescribeAlarmHistoryOutput {
        try await call(input.queryRequest, as: DescribeAlarmHistoryOutput.self)
    }

    /// Every history entry `input` selects, following every page from `input.nextToken`.
    public func alarmHistory(_ input: DescribeAlarmHistoryInput) async throws -> [AlarmHistoryItem] {
        var input = input
        var items: [AlarmHistoryItem] = []
        var seen: Set<String> = []
        while true {
            let page = try await describeAlarmHistory(input)
            items += page.items
            guard let token = page.nextToken, seen.insert(token).inserted else { return items }
            input.nextToken = token
        }
    }

    /// One page of metric data.
    public func getMetricData(_ input: GetMetricDataInput) async throws -> GetMetricDataOutput {
        try await call(input.queryRequest, as: GetMetricDataOutput.self)
    }

    /// The data points of every query over the input's time range, following every page (a
    /// query's points from later pages appended to its earlier ones), by query id.
    public func metricData(_ input: GetMetricDataInput) async throws -> [String: MetricDataResult] {
        var input = input
        var results: [String: MetricDataResult] = [:]
        var seen: Set<String> = []
        while true {
            let page = try await getMetricData(input)
            for result in page.results {
                if var known = results[result.id] {
                    known.timestamps += result.timestamps
                    known.values += result.values
                    known.statusCode = result.statusCode
                    results[result.id] = known
                } else {
                    results[result.id] = result
                }
            }
            guard let token = page.nextToken, seen.insert(token).inserted else { return results }
            input.nextToken = token
        }
    }

    private func call<Output: QueryResultDecodable>(_ request: QueryRequest, as _: Output.Type) async throws -> Output {
        try await connection.send(operation: request.action, request.wireRequest) { response in
            try decoding(request.action) {
                try QueryResponse.decode(Output.self, action: request.action, from: response.body)
            }
        }
    }
}
