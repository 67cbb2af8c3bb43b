import BallastHTTP
import Foundation
import Testing

@testable import BallastAWS

/// One rule for every paginated read: follow the tokens until none comes; a token handed back
/// twice fails the read (before, CloudFormation and CloudWatch returned the pages so far as if
/// they were all, where Lambda and ECR threw).
@Suite("page tokens")
struct PageTokensTests {
    @Test("nil or empty ends the read; a new token goes on; a repeated one throws naming the operation")
    func rule() throws {
        var tokens = PageTokens(service: "CloudFormation", operation: "DescribeStacks")
        #expect(try tokens.next(nil) == nil)
        #expect(try tokens.next("") == nil)
        #expect(try tokens.next("a") == "a")
        #expect(try tokens.next("b") == "b")
        #expect(throws: ResponseDecodingError.self) { try tokens.next("a") }
        do {
            _ = try tokens.next("b")
        } catch {
            #expect(
                "\(error)"
                    == "CloudFormation DescribeStacks: unreadable response: NextToken: the same token came back twice")
        }
    }

    static func connection(_ server: ScriptedHTTPServer, _ service: AWSService) throws -> ServiceConnection {
        let credentials = try #require(
            try EnvironmentCredentials(
                environment: AWSEnvironment(variables: [
                    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "testing",
                ])))
        return ServiceConnection(
            client: AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none))),
            service: service, endpoint: server.url("/"), region: "us-east-1", credentials: credentials,
            now: Date.init)
    }

    @Test("DescribeStacks handing back the same NextToken: the read fails after the second page")
    func cloudFormationLoop() async throws {
        let page = """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks/><NextToken>again</NextToken></DescribeStacksResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
            </DescribeStacksResponse>
            """
        let server = try ScriptedHTTPServer(script: [], fallback: .status(200, page))
        let cloudFormation = CloudFormation(connection: try Self.connection(server, .cloudFormation))
        await #expect(throws: ResponseDecodingError.self) { try await cloudFormation.describeAllStacks() }
        #expect(server.requests.count == 2)
    }

    @Test("DescribeAlarms handing back the same NextToken: the read fails after the second page")
    func cloudWatchLoop() async throws {
        let page = """
            <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <DescribeAlarmsResult><MetricAlarms/><NextToken>again</NextToken></DescribeAlarmsResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
            </DescribeAlarmsResponse>
            """
        let server = try ScriptedHTTPServer(script: [], fallback: .status(200, page))
        let cloudWatch = CloudWatch(connection: try Self.connection(server, .cloudWatch))
        await #expect(throws: ResponseDecodingError.self) {
            try await cloudWatch.metricAlarms(.prefix("orders-"))
        }
        #expect(server.requests.count == 2)
    }
}
