import Foundation

/// What `ScriptedHTTPServer` does with one request.
enum ScriptedReply: Sendable {
    /// Answers after `delay`; `closeDelimited` sends no `Content-Length` and closes after the body.
    case respond(status: Int, headers: [(String, String)], body: Data, delay: Duration, closeDelimited: Bool)
    /// Reads the request and closes the connection without a byte of answer.
    case drop
    /// Sends the headers and part of a body longer than that, then closes.
    case truncate(declaredLength: Int, sent: Data)

    /// A response with a text body.
    static func status(
        _ status: Int,
        _ body: String = "",
        headers: [(String, String)] = [],
        delay: Duration = .zero,
        closeDelimited: Bool = false
    ) -> ScriptedReply {
        .respond(status: status, headers: headers, body: Data(body.utf8), delay: delay, closeDelimited: closeDelimited)
    }

    /// A query-protocol (XML) AWS error.
    static func xmlError(_ status: Int, code: String, message: String, requestId: String = "req-xml") -> ScriptedReply {
        let body = """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
              <RequestId>\(requestId)</RequestId>
            </ErrorResponse>
            """
        return .status(status, body, headers: [("Content-Type", "text/xml")])
    }

    /// A JSON 1.1 AWS error with the request id in the header.
    static func jsonError(_ status: Int, code: String, message: String, requestId: String = "req-json") -> ScriptedReply
    {
        let body = #"{"__type":"com.amazonaws.test#\#(code)","message":"\#(message)"}"#
        return .status(
            status, body,
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", requestId)])
    }
}

/// One request as the server read it.
struct RecordedRequest: Sendable {
    var method: String
    var target: String
    var headers: [(String, String)]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
