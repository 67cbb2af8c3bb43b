import Foundation

/// The kind of an alarm history entry: `ConfigurationUpdate`, `StateUpdate`, `Action`.
public struct AlarmHistoryItemType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A type from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The alarm was created or changed.
    public static let configurationUpdate = AlarmHistoryItemType(rawValue: "ConfigurationUpdate")
    /// The alarm changed state.
    public static let stateUpdate = AlarmHistoryItemType(rawValue: "StateUpdate")
    /// An action ran (or failed to).
    public static let action = AlarmHistoryItemType(rawValue: "Action")

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// The input of one `DescribeAlarmHistory` page.
public struct DescribeAlarmHistoryInput: Sendable, Hashable {
    /// Only this alarm's history; every alarm's when `nil`.
    public var alarmName: String?
    /// Only entries of this kind.
    public var historyItemType: AlarmHistoryItemType?
    /// Only entries at or after this instant.
    public var startDate: Date?
    /// Only entries at or before this instant.
    public var endDate: Date?
    /// The page size, 1–100.
    public var maxRecords: Int?
    /// The token of the page to read.
    public var nextToken: String?

    /// An input from its parts.
    public init(
        alarmName: String? = nil, historyItemType: AlarmHistoryItemType? = nil, startDate: Date? = nil,
        endDate: Date? = nil, maxRecords: Int? = nil, nextToken: String? = nil
    ) {
        self.alarmName = alarmName
        self.historyItemType = historyItemType
        self.startDate = startDate
        self.endDate = endDate
        self.maxRecords = maxRecords
        self.nextToken = nextToken
    }

    /// The query request.
    public var queryRequest: QueryRequest {
        var parameters: [String: QueryValue] = [:]
        if let alarmName { parameters["AlarmName"] = .string(alarmName) }
        if let historyItemType { parameters["HistoryItemType"] = .string(historyItemType.rawValue) }
        if let startDate { parameters["StartDate"] = .timestamp(startDate) }
        if let endDate { parameters["EndDate"] = .timestamp(endDate) }
        if let maxRecords { parameters["MaxRecords"] = .int(maxRecords) }
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return QueryRequest(action: "DescribeAlarmHistory", version: CloudWatch.apiVersion, parameters: parameters)
    }
}

/// One entry of an alarm's history.
public struct AlarmHistoryItem: Sendable, Hashable {
    /// The alarm name.
    public var alarmName: String
    /// `MetricAlarm` or `CompositeAlarm`.
    public var alarmType: String?
    /// When it happened.
    public var timestamp: Date
    /// What kind of entry.
    public var historyItemType: AlarmHistoryItemType
    /// In words: `Alarm updated from OK to ALARM`.
    public var historySummary: String
    /// The details, as JSON.
    public var historyData: String?

    /// An entry from its parts.
    public init(
        alarmName: String, alarmType: String? = nil, timestamp: Date, historyItemType: AlarmHistoryItemType,
        historySummary: String, historyData: String? = nil
    ) {
        self.alarmName = alarmName
        self.alarmType = alarmType
        self.timestamp = timestamp
        self.historyItemType = historyItemType
        self.historySummary = historySummary
        self.historyData = historyData
    }

    /// Reads one `AlarmHistoryItems/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        alarmName = try member.requiredText(at: "AlarmName")
        alarmType = member.text(at: "AlarmType")
        guard let timestamp = try member.timestamp(at: "Timestamp") else {
            throw ResponseDecodingError(path: "\(member.name)/Timestamp", reason: "missing")
        }
        self.timestamp = timestamp
        historyItemType = AlarmHistoryItemType(rawValue: try member.requiredText(at: "HistoryItemType"))
        historySummary = member.text(at: "HistorySummary") ?? ""
        historyData = member.text(at: "HistoryData")
    }
}

/// One page of `DescribeAlarmHistory`, newest first.
public struct DescribeAlarmHistoryOutput: QueryResultDecodable, Hashable {
    /// The entries on this page.
    public var items: [AlarmHistoryItem]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads `AlarmHistoryItems/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        items = try result.elements(at: "AlarmHistoryItems/member").map { (member) throws(ResponseDecodingError) in
            try AlarmHistoryItem(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}
