/// The Lambda error codes Ballast acts on; any other code stays readable in `AWSError.code`.
public enum LambdaErrorCode: String, Sendable, Hashable, CaseIterable {
    /// The function, version or alias does not exist (HTTP 404).
    case resourceNotFound = "ResourceNotFoundException"
    /// The `RevisionId` (or `CodeSha256`) sent is not the current one (HTTP 412): someone else
    /// changed the function or alias since it was read.
    case preconditionFailed = "PreconditionFailedException"
    /// The resource exists already, or an update is still in progress (HTTP 409).
    case resourceConflict = "ResourceConflictException"
    /// A parameter is invalid (HTTP 400).
    case invalidParameterValue = "InvalidParameterValueException"
    /// Too many requests (HTTP 429); retried by the client.
    case tooManyRequests = "TooManyRequestsException"
}

extension AWSError {
    /// The Lambda error code, when this is an error from a Lambda call with a code Ballast knows.
    public var lambdaErrorCode: LambdaErrorCode? {
        guard service == Lambda.serviceName, let code else { return nil }
        return LambdaErrorCode(rawValue: code)
    }

    /// A Lambda write refused because the `RevisionId` it carried is stale: re-read and decide
    /// again.
    public var isStaleLambdaRevision: Bool { lambdaErrorCode == .preconditionFailed }
}
