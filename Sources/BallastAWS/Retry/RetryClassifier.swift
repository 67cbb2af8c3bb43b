import BallastHTTP

/// Decides whether a failed attempt is worth another: throttling, transient service errors, 5xx
/// and broken connections are; validation, authorisation and other client errors never are.
///
/// The code lists follow the AWS SDKs' standard retry mode (botocore's `standard.py`).
public struct RetryClassifier: Sendable, Hashable {
    /// Why an attempt is retried.
    public enum Reason: Sendable, Hashable {
        /// AWS asked to slow down (a throttling code or HTTP 429).
        case throttling
        /// A transient error code (`RequestTimeout`, `InternalError`, …).
        case transientError
        /// HTTP 500, 502, 503 or 504.
        case serverError
        /// The connection failed: refused, reset, closed early, empty reply, timed out.
        case connectionError
    }

    /// Error codes that mean "too many requests".
    public var throttlingCodes: Set<String>
    /// Error codes that mean "try again, it may work".
    public var transientCodes: Set<String>
    /// Statuses retried whatever the code says; 429 counts as throttling.
    public var retryableStatuses: Set<Int>

    /// A classifier; the defaults are the SDKs' lists.
    public init(
        throttlingCodes: Set<String> = Self.standardThrottlingCodes,
        transientCodes: Set<String> = Self.standardTransientCodes,
        retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    ) {
        self.throttlingCodes = throttlingCodes
        self.transientCodes = transientCodes
        self.retryableStatuses = retryableStatuses
    }

    /// The SDKs' classifier.
    public static let standard = RetryClassifier()

    /// The throttling codes of the SDKs' standard mode.
    public static let standardThrottlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// The transient codes of the SDKs' standard mode.
    public static let standardTransientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable",
        "IDPCommunicationError",
    ]

    /// Why `error` should be retried, or `nil` when it should be returned at once.
    public func reason(toRetry error: AWSError) -> Reason? {
        if let transportError = error.transportError {
            return reason(toRetry: transportError)
        }
        if let code = error.code {
            if throttlingCodes.contains(code) { return .throttling }
            if transientCodes.contains(code) { return .transientError }
        }
        if error.isUnreadable { return .transientError }
        guard let status = error.httpStatus, retryableStatuses.contains(status) else { return nil }
        return status == 429 ? .throttling : .serverError
    }

    /// Why a request that got no response should be retried, or `nil`.
    ///
    /// A TLS failure, an oversized response, an invalid request or a shut-down transport would
    /// fail the same way again.
    public func reason(toRetry error: TransportError) -> Reason? {
        switch error.kind {
        case .connectionRefused, .connectionReset, .connectionClosed, .emptyReply, .timedOut, .hostNotFound:
            .connectionError
        case .tls, .responseTooLarge, .invalidRequest, .shutDown, .other:
            nil
        }
    }
}
