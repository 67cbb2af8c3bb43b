import BallastAWS
import BallastPlan

/// An error that a failed AWS call caused and that keeps it, so a status can name the call.
protocol AWSErrorCause: Error {
    /// The failed call; nil when the error had another cause.
    var awsError: AWSError? { get }
}

extension AWSError: AWSErrorCause {
    var awsError: AWSError? { self }
}

extension ErrorReport {
    /// The report of `error`: its whole description as the message and, when a failed AWS call
    /// caused it, that call's service, operation, error code and request id. Git and other
    /// errors give the message only (their descriptions already hide credentials).
    public init(_ error: any Error) {
        let aws = (error as? any AWSErrorCause)?.awsError
        self.init(
            message: "\(error)", service: aws?.service, operation: aws?.operation, code: aws?.code,
            requestId: aws?.requestId)
    }
}
