/// An error as `/status`, the status page and `ballast status` report it: the message always,
/// and the AWS call that failed (service, operation, error code, request id) when one did, so a
/// reader can look the code up and quote the request id to AWS support without parsing text.
public struct ErrorReport: Sendable, Hashable, Codable {
    /// The service as a person names it (`CloudFormation`); nil when no AWS call failed.
    public var service: String?
    /// The API operation that failed (`CreateChangeSet`); nil when no AWS call failed.
    public var operation: String?
    /// AWS's error code (`ValidationError`); nil when no AWS call failed or AWS named none.
    public var code: String?
    /// The request id AWS gave the failed call; nil when none came back.
    public var requestId: String?
    /// The whole error in one message, as the logs print it (secrets already scrubbed).
    public var message: String

    /// A report from its parts.
    public init(
        message: String, service: String? = nil, operation: String? = nil, code: String? = nil,
        requestId: String? = nil
    ) {
        self.message = message
        self.service = service
        self.operation = operation
        self.code = code
        self.requestId = requestId
    }
}
