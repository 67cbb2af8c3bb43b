import BallastAWS
import BallastHTTP
import Foundation
import Testing

/// A 2xx answer whose body cannot be decoded (a proxy cut or garbled it): a read is asked
/// again, a write is not, since its effect may already have happened.
@Suite("undecodable answers against a scripted loopback server")
struct DecodingRetryTests {
    static let stacks = """
        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
          <DescribeStacksResult><Stacks/></DescribeStacksResult>
          <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
        </DescribeStacksResponse>
        """

    static func cloudFormation(_ server: ScriptedHTTPServer) throws -> CloudFormation {
        let credentials = try #require(
            try EnvironmentCredentials(
                environment: AWSEnvironment(variables: [
                    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "testing",
                ])))
        return CloudFormation(
            connection: ServiceConnection(
                client: AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none))),
                service: .cloudFormation, endpoint: server.url("/"), region: "us-east-1", credentials: credentials,
                now: Date.init))
    }

    @Test("a read is sent again until it decodes, up to five times in all")
    func readRetried() async throws {
        let garbled = ScriptedReply.status(200, "<<<not xml", headers: [("Content-Type", "text/xml")])
        let server = try ScriptedHTTPServer(
            script: Array(repeating: garbled, count: 4) + [.status(200, Self.stacks)])
        let stacks = try await Self.cloudFormation(server).describeStacks()
        #expect(stacks.stacks.isEmpty)
        #expect(server.requests.count == 5)

        let always = try ScriptedHTTPServer(script: [], fallback: garbled)
        await #expect(throws: ResponseDecodingError.self) { try await Self.cloudFormation(always).describeStacks() }
        #expect(always.requests.count == 5)
    }

    @Test("a write's undecodable answer is thrown at once")
    func writeNotRetried() async throws {
        let server = try ScriptedHTTPServer(
            script: [], fallback: .status(200, "<<<not xml", headers: [("Content-Type", "text/xml")]))
        await #expect(throws: ResponseDecodingError.self) {
            try await Self.cloudFormation(server).createChangeSet(
                CreateChangeSetInput(
                    stackName: "s", changeSetName: "c", changeSetType: .create, template: .body("{}"), parameters: [],
                    tags: [], capabilities: [], description: nil, roleArn: nil))
        }
        #expect(server.requests.count == 1)
    }
}
