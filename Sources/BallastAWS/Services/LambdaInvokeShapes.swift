import Foundation

/// What a synchronous `Invoke` (`RequestResponse`) gave back.
public struct InvokeOutput: Sendable, Hashable {
    /// The HTTP status of the call (200 for a synchronous invocation, also when the function
    /// failed).
    public var statusCode: Int
    /// `X-Amz-Function-Error`: `Unhandled` (or `Handled`) when the function failed, its error
    /// document then in `payload`; nil when it answered.
    public var functionError: String?
    /// `X-Amz-Executed-Version`: the version that ran.
    public var executedVersion: String?
    /// What the function returned, as it returned it (JSON), or Lambda's error document.
    public var payload: Data

    /// An output from its parts.
    public init(statusCode: Int, functionError: String?, executedVersion: String?, payload: Data) {
        self.statusCode = statusCode
        self.functionError = functionError
        self.executedVersion = executedVersion
        self.payload = payload
    }
}
