import BallastHTTP

/// A failed AWS call: which service and operation, and what AWS (or the network) said.
///
/// Made from an error response (status, code, message, request id parsed from any of AWS's
/// three body shapes) or from a `TransportError` when no response came back.
public struct AWSError: Error, Sendable, Hashable {
    /// The service as a person names it, `CloudFormation`.
    public var service: String
    /// The API operation, `DescribeStacks`.
    public var operation: String
    /// The HTTP status; `nil` when no response arrived.
    public var httpStatus: Int?
    /// AWS's error code, `ValidationError`, `ThrottlingException`; `nil` when the body had none.
    public var code: String?
    /// AWS's message, or a description of the body when it was not one of AWS's shapes.
    public var message: String
    /// The request id from the `x-amzn-RequestId`/`x-amz-request-id` header or the body.
    public var requestId: String?
    /// Why no response arrived, when none did.
    public var transportError: TransportError?
    /// How many attempts were made before giving up.
    public var attempts: Int
    /// The response had a body in which no message could be read (cut short or garbled on
    /// the way): not an answer to act on, so the call is worth repeating.
    public var isUnreadable = false

    /// An error from its parts.
    public init(
        service: String,
        operation: String,
        httpStatus: Int? = nil,
        code: String? = nil,
        message: String,
        requestId: String? = nil,
        transportError: TransportError? = nil,
        attempts: Int = 1
    ) {
        self.service = service
        self.operation = operation
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestId = requestId
        self.transportError = transportError
        self.attempts = attempts
    }

    /// The error an error response stands for; never fails, whatever the body holds.
    public init(service: String, operation: String, response: HTTPResponse, attempts: Int = 1) {
        let body = AWSErrorBody(headers: response.headers, body: response.body)
        self.init(
            service: service,
            operation: operation,
            httpStatus: response.status,
            code: body.code,
            message: body.message ?? "no error message",
            requestId: body.requestId,
            attempts: attempts
        )
        isUnreadable = body.isUnrecognised
    }

    /// The error for a request that got no response.
    public init(service: String, operation: String, transportError: TransportError, attempts: Int = 1) {
        self.init(
            service: service,
            operation: operation,
            message: transportError.description,
            transportError: transportError,
            attempts: attempts
        )
    }
}

extension AWSError: CustomStringConvertible {
    /// `CloudFormation DescribeStacks failed: ValidationError (HTTP 400): Stack with id x does not
    /// exist [request 1234]`, with `(after 3 attempts)` when it was retried.
    public var description: String {
        var text = "\(service) \(operation) failed: "
        switch (code, httpStatus) {
        case (let code?, let status?): text += "\(code) (HTTP \(status)): \(message)"
        case (let code?, nil): text += "\(code): \(message)"
        case (nil, let status?): text += "HTTP \(status): \(message)"
        case (nil, nil): text += message
        }
        if let requestId { text += " [request \(requestId)]" }
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        return text
    }
}
