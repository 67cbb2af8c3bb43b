import BallastAWS
import BallastHTTP
import Foundation
import Testing

@Suite("AWSError from the error bodies AWS sends")
struct AWSErrorParsingTests {
    static func parse(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> AWSError {
        AWSError(
            service: "CloudFormation", operation: "DescribeStacks",
            response: HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
    }

    @Test("query protocol XML: ErrorResponse/Error/Code, Message, and RequestId")
    func queryXML() {
        let error = Self.parse(
            400,
            """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error>
                <Type>Sender</Type>
                <Code>ValidationError</Code>
                <Message>Stack with id x does not exist</Message>
              </Error>
              <RequestId>1234</RequestId>
            </ErrorResponse>
            """)
        #expect(error.httpStatus == 400)
        #expect(error.code == "ValidationError")
        #expect(error.message == "Stack with id x does not exist")
        #expect(error.requestId == "1234")
        #expect(
            error.description
                == "CloudFormation DescribeStacks failed: ValidationError (HTTP 400): Stack with id x does not exist [request 1234]"
        )
    }

    @Test("S3 XML: Error at the root, x-amz-request-id header wins over the body")
    func s3XML() {
        let error = Self.parse(
            404,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b</Key><RequestId>body-id</RequestId></Error>",
            headers: [HTTPHeader("x-amz-request-id", "header-id")])
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The specified key does not exist.")
        #expect(error.requestId == "header-id")
    }

    @Test("EC2 XML: Response/Errors/Error and RequestID")
    func ec2XML() {
        let error = Self.parse(
            503,
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>ec2-id</RequestID></Response>"
        )
        #expect(error.code == "RequestLimitExceeded")
        #expect(error.requestId == "ec2-id")
    }

    @Test("JSON 1.1: __type with a namespace, lower-case message, request id header")
    func json11() {
        let error = Self.parse(
            400,
            #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}"#,
            headers: [HTTPHeader("X-Amzn-RequestId", "json-id")])
        #expect(error.code == "ValidationException")
        #expect(error.message == "1 validation error detected")
        #expect(error.requestId == "json-id")
    }

    @Test("JSON 1.0: __type without a namespace, capitalised Message")
    func json10() {
        let error = Self.parse(400, #"{"__type":"ResourceNotFoundException","Message":"Requested resource not found"}"#)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Requested resource not found")
        #expect(error.requestId == nil)
    }

    @Test("REST-JSON: the x-amzn-ErrorType header names the code, the body has the message")
    func restJSON() {
        let error = Self.parse(
            404, #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:f"}"#,
            headers: [
                HTTPHeader(
                    "x-amzn-ErrorType",
                    "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
                HTTPHeader("x-amzn-RequestId", "lambda-id"),
            ])
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Function not found: arn:aws:lambda:us-east-1:1:function:f")
        #expect(error.requestId == "lambda-id")
    }

    @Test("an HTML page gives a typed error with the status and the page's title")
    func html() {
        let error = Self.parse(
            502, "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad</h1></body></html>",
            headers: [HTTPHeader("x-amzn-RequestId", "html-id")])
        #expect(error.httpStatus == 502)
        #expect(error.code == nil)
        #expect(error.message == "HTML page: 502 Bad Gateway")
        #expect(
            error.description
                == "CloudFormation DescribeStacks failed: HTTP 502: HTML page: 502 Bad Gateway [request html-id]")
    }

    @Test(
        "malformed bodies never crash and keep the status",
        arguments: [
            #"{"__type":"Valid"#, "<ErrorResponse><Error><Code>Thr", "plain text failure", "\u{0}\u{1}\u{2}", "{}",
            "<a/>",
            String(repeating: "z", count: 10_000),
        ])
    func malformed(body: String) {
        let error = Self.parse(500, body)
        #expect(error.httpStatus == 500)
        #expect(error.code == nil)
        #expect(error.message.hasPrefix("unrecognised error body: "))
        #expect(error.message.count < 300)
    }

    @Test("an empty body says there was no message")
    func emptyBody() {
        let error = Self.parse(503, "")
        #expect(error.code == nil)
        #expect(error.description == "CloudFormation DescribeStacks failed: HTTP 503: no error message")
    }
}
