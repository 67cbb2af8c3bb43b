import BallastAWS
import BallastPlan
import Foundation
import Testing

@testable import BallastController

@Suite("a stage's last error is a structure: the AWS call that failed, and the message")
struct ErrorReportTests {
    static let throttled = AWSError(
        service: "CloudFormation", operation: "CreateChangeSet", httpStatus: 400, code: "ValidationError",
        message: "Template format error", requestId: "4f1c-req")

    static func json(_ report: ErrorReport) throws -> String {
        String(decoding: try StatusDocument.encoder.encode(report), as: UTF8.self)
    }

    @Test("it encodes as an object with operation, code, request id and message, and decodes back")
    func encoding() throws {
        let report = ErrorReport(Self.throttled)
        let text = try Self.json(report)
        #expect(
            text == """
                {
                  "code" : "ValidationError",
                  "message" : "CloudFormation CreateChangeSet failed: ValidationError (HTTP 400): Template format error [request 4f1c-req]",
                  "operation" : "CreateChangeSet",
                  "requestId" : "4f1c-req",
                  "service" : "CloudFormation"
                }
                """)
        #expect(try StatusDocument.decoder.decode(ErrorReport.self, from: Data(text.utf8)) == report)
    }

    @Test("an error without an AWS call is its message only: no other key")
    func messageOnly() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the remote refused: <x>" } }
        #expect(try Self.json(ErrorReport(Refused())) == "{\n  \"message\" : \"the remote refused: <x>\"\n}")
    }

    @Test("the AWS call is kept through the reconciler's and the live reader's errors")
    func wrapped() throws {
        let deploy = ReconcileError.deployFailed(stage: "dev", cause: Self.throttled)
        let report = ErrorReport(deploy)
        #expect(report.operation == "CreateChangeSet" && report.code == "ValidationError")
        #expect(report.requestId == "4f1c-req" && report.service == "CloudFormation")
        #expect(report.message == "stage dev: \(Self.throttled); later stacks of this stage were not deployed")
        #expect(ReconcileError.refused(stage: "dev", refusals: ["a", "b"]).awsError == nil)
        let read = ErrorReport(LiveReader.ReadError(what: "stacks", error: Self.throttled))
        #expect(read.operation == "CreateChangeSet" && read.message.hasPrefix("reading stacks: CloudFormation"))
    }
}
