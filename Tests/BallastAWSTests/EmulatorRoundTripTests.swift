import BallastAWS
import BallastAWSSigning
import BallastHTTP
import BallastTestSupport
import Foundation
import Testing

@Suite("a signed request through the transport to the AWS emulator", .serialized)
struct EmulatorRoundTripTests {
    @Test("STS GetCallerIdentity, signed with SigV4, answers 200 with an Arn")
    func getCallerIdentity() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "testing"),
            region: "us-east-1", service: "sts")
        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let url = emulator.endpoint.appendingPathComponent("/")
        let response = try await client.send(service: "STS", operation: "GetCallerIdentity") { _ in
            try HTTPRequest.signed(
                method: "POST", url: url,
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: Data("Action=GetCallerIdentity&Version=2011-06-15".utf8),
                signer: signer, date: Date())
        }
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(body.contains("<Arn>"), "\(body)")
    }

    @Test("DescribeStacks of a missing stack is a typed ValidationError with a request id, not retried")
    func missingStack() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "testing"),
            region: "us-east-1", service: "cloudformation")
        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let url = emulator.endpoint.appendingPathComponent("/")
        let error = await #expect(throws: AWSError.self) {
            try await client.send(service: "CloudFormation", operation: "DescribeStacks") { _ in
                try HTTPRequest.signed(
                    method: "POST", url: url,
                    headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                    body: Data("Action=DescribeStacks&StackName=ballast-missing&Version=2010-05-15".utf8),
                    signer: signer, date: Date())
            }
        }
        #expect(error?.attempts == 1)
        #expect(error?.httpStatus == 400)
        #expect(error?.code == "ValidationError")
        #expect(error?.message.contains("ballast-missing") == true, "\(String(describing: error))")
        #expect(error?.requestId?.isEmpty == false)
    }
}
