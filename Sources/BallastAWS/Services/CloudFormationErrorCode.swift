/// The CloudFormation error codes Ballast acts on; any other code stays readable in
/// `AWSError.code`.
public enum CloudFormationErrorCode: String, Sendable, Hashable, CaseIterable {
    /// The request is not valid, or names a stack that does not exist (HTTP 400).
    case validationError = "ValidationError"
    /// A stack or change set of that name exists already (HTTP 400).
    case alreadyExists = "AlreadyExistsException"
    /// The change set named does not exist (HTTP 404).
    case changeSetNotFound = "ChangeSetNotFound"
    /// The change set is not in a state that allows the call, e.g. executed already (HTTP 400).
    case invalidChangeSetStatus = "InvalidChangeSetStatus"
    /// The template needs a capability the call did not acknowledge (HTTP 400).
    case insufficientCapabilities = "InsufficientCapabilitiesException"
    /// An account quota (stacks, change sets, ...) is reached (HTTP 400).
    case limitExceeded = "LimitExceededException"
}

extension AWSError {
    /// The CloudFormation error code, when this is an error from a CloudFormation call with a
    /// code Ballast knows.
    public var cloudFormationErrorCode: CloudFormationErrorCode? {
        guard service == CloudFormation.serviceName, let code else { return nil }
        return CloudFormationErrorCode(rawValue: code)
    }
}
