import BallastAWS
import Foundation
import Testing

@Suite("CloudWatch GetMetricData: request fields and response decoding")
struct MetricDataShapeTests {
    static let response = """
        <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
          <GetMetricDataResult>
            <MetricDataResults>
              <member>
                <Id>errors</Id>
                <Label>Errors</Label>
                <StatusCode>Complete</StatusCode>
                <Timestamps>
                  <member>2026-11-26T10:00:00Z</member>
                  <member>2026-11-26T10:01:00Z</member>
                </Timestamps>
                <Values>
                  <member>3.0</member>
                  <member>1</member>
                </Values>
              </member>
              <member>
                <Id>p99</Id>
                <StatusCode>Complete</StatusCode>
                <Timestamps/>
                <Values/>
              </member>
            </MetricDataResults>
            <NextToken>page-2</NextToken>
          </GetMetricDataResult>
          <ResponseMetadata><RequestId>7c1e</RequestId></ResponseMetadata>
        </GetMetricDataResponse>
        """

    @Test("results decode by id with their timestamps, values and status; the next token is kept")
    func decodes() throws {
        let output = try QueryResponse.decode(
            GetMetricDataOutput.self, action: "GetMetricData", from: Data(Self.response.utf8))
        #expect(output.results.map(\.id) == ["errors", "p99"])
        let errors = try #require(output.results.first)
        #expect(errors.label == "Errors")
        #expect(errors.statusCode == "Complete")
        #expect(errors.values == [3, 1])
        #expect(
            errors.timestamps == [
                Date(timeIntervalSince1970: 1_795_687_200), Date(timeIntervalSince1970: 1_795_687_260),
            ])
        #expect(output.results.last?.values == [])
        #expect(output.nextToken == "page-2")
    }

    @Test("a value that is not a number, or fewer values than timestamps, is an error")
    func malformed() {
        let notNumber = Self.response.replacingOccurrences(of: "<member>3.0</member>", with: "<member>x</member>")
        let error = #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(GetMetricDataOutput.self, action: "GetMetricData", from: Data(notNumber.utf8))
        }
        #expect(error?.reason == "not a number")
        let short = Self.response.replacingOccurrences(of: "<member>1</member>", with: "")
        #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(GetMetricDataOutput.self, action: "GetMetricData", from: Data(short.utf8))
        }
    }

    @Test("a query is sent as MetricDataQueries.member.N with its metric, dimensions, period and stat")
    func encodes() {
        let input = GetMetricDataInput(
            queries: [
                MetricDataQuery(
                    id: "errors", namespace: "AWS/Lambda", metricName: "Errors",
                    dimensions: [
                        MetricDimension(name: "FunctionName", value: "shop-dev-orders"),
                        MetricDimension(name: "ExecutedVersion", value: "2"),
                    ], period: 60, stat: "Sum")
            ], startTime: Date(timeIntervalSince1970: 1_795_687_200),
            endTime: Date(timeIntervalSince1970: 1_795_687_260))
        let fields = Dictionary(
            input.queryRequest.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(fields["Action"] == "GetMetricData")
        #expect(fields["MetricDataQueries.member.1.Id"] == "errors")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Metric.Namespace"] == "AWS/Lambda")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Metric.MetricName"] == "Errors")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name"] == "ExecutedVersion")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value"] == "2")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Period"] == "60")
        #expect(fields["MetricDataQueries.member.1.MetricStat.Stat"] == "Sum")
        #expect(fields["StartTime"] == "2026-11-26T10:00:00Z")
        #expect(fields["EndTime"] == "2026-11-26T10:01:00Z")
    }
}
