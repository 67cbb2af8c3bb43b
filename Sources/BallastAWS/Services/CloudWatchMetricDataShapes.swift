import Foundation

/// One metric statistic to read with `GetMetricData`: a metric (namespace, name, the exact set
/// of dimensions), a period and a statistic (`Sum`, `Average`, `p99`, …).
public struct MetricDataQuery: Sendable, Hashable {
    /// The query's id, unique in the request: starts with a lower-case letter.
    public var id: String
    /// `AWS/Lambda`.
    public var namespace: String
    /// `Errors`.
    public var metricName: String
    /// The metric's dimensions; CloudWatch matches the set exactly.
    public var dimensions: [MetricDimension]
    /// Seconds per data point (a multiple of 60 for standard-resolution metrics).
    public var period: Int
    /// The statistic: `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile `pNN`.
    public var stat: String

    /// A query from its parts.
    public init(
        id: String, namespace: String, metricName: String, dimensions: [MetricDimension], period: Int, stat: String
    ) {
        self.id = id
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.period = period
        self.stat = stat
    }

    var queryValue: QueryValue {
        .structure([
            "Id": .string(id),
            "MetricStat": .structure([
                "Metric": .structure([
                    "Namespace": .string(namespace), "MetricName": .string(metricName),
                    "Dimensions": .list(
                        dimensions.map { .structure(["Name": .string($0.name), "Value": .string($0.value)]) }),
                ]),
                "Period": .int(period), "Stat": .string(stat),
            ]),
            "ReturnData": .bool(true),
        ])
    }
}

/// The input of `GetMetricData`: queries over `[startTime, endTime)`.
public struct GetMetricDataInput: Sendable, Hashable {
    /// Up to 500 queries.
    public var queries: [MetricDataQuery]
    /// The first instant included.
    public var startTime: Date
    /// The first instant excluded.
    public var endTime: Date
    /// The token of the page to read.
    public var nextToken: String?

    /// An input from its parts.
    public init(queries: [MetricDataQuery], startTime: Date, endTime: Date, nextToken: String? = nil) {
        self.queries = queries
        self.startTime = startTime
        self.endTime = endTime
        self.nextToken = nextToken
    }

    /// The query request; data points come oldest first (`ScanBy=TimestampAscending`).
    public var queryRequest: QueryRequest {
        var parameters: [String: QueryValue] = [
            "MetricDataQueries": .list(queries.map(\.queryValue)), "StartTime": .timestamp(startTime),
            "EndTime": .timestamp(endTime), "ScanBy": .string("TimestampAscending"),
        ]
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return QueryRequest(action: "GetMetricData", version: CloudWatch.apiVersion, parameters: parameters)
    }
}

/// The data points of one query.
public struct MetricDataResult: Sendable, Hashable {
    /// The query's id.
    public var id: String
    /// The label CloudWatch gave it.
    public var label: String?
    /// The data points' times, in the order asked for.
    public var timestamps: [Date]
    /// The values, one per timestamp.
    public var values: [Double]
    /// `Complete`, `PartialData` (more on the next page), `InternalError` or `Forbidden`.
    public var statusCode: String?

    /// A result from its parts.
    public init(
        id: String, label: String? = nil, timestamps: [Date] = [], values: [Double] = [], statusCode: String? = nil
    ) {
        self.id = id
        self.label = label
        self.timestamps = timestamps
        self.values = values
        self.statusCode = statusCode
    }

    /// Reads one `MetricDataResults/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        id = try member.requiredText(at: "Id")
        label = member.text(at: "Label")
        statusCode = member.text(at: "StatusCode")
        timestamps = try member.elements(at: "Timestamps/member").map { (item) throws(ResponseDecodingError) in
            guard let date = ISO8601Timestamp.parse(item.text) else {
                throw ResponseDecodingError(
                    path: "MetricDataResults/member/Timestamps/member", reason: "not a timestamp")
            }
            return date
        }
        values = try member.elements(at: "Values/member").map { (item) throws(ResponseDecodingError) in
            guard let value = Double(item.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ResponseDecodingError(path: "MetricDataResults/member/Values/member", reason: "not a number")
            }
            return value
        }
        guard timestamps.count == values.count else {
            throw ResponseDecodingError(
                path: "MetricDataResults/member", reason: "\(timestamps.count) timestamps for \(values.count) values")
        }
    }
}

/// One page of `GetMetricData`.
public struct GetMetricDataOutput: QueryResultDecodable, Hashable {
    /// One result per query.
    public var results: [MetricDataResult]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads `MetricDataResults/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        results = try result.elements(at: "MetricDataResults/member").map { (member) throws(ResponseDecodingError) in
            try MetricDataResult(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}
