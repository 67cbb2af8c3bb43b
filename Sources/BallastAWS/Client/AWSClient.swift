import BallastHTTP

/// Sends AWS API requests through an `HTTPTransport`, retrying under a `RetryPolicy`.
///
/// It knows no service: the caller builds (and signs) each attempt's request, and gets the
/// 2xx response back or an `AWSError`. Service clients sit on top of it.
public struct AWSClient: Sendable {
    /// The connection to AWS.
    public let transport: HTTPTransport
    /// How many attempts, and how long between them.
    public var retryPolicy: RetryPolicy
    /// Which failures are retried.
    public var classifier: RetryClassifier
    /// Randomness and sleeping, replaceable in tests.
    public var timing: RetryTiming
    /// Told of every attempt (service, operation) before it is sent: the controller counts them.
    public var onAttempt: (@Sendable (_ service: String, _ operation: String) -> Void)?
    /// Holds the attempts of every connection over this client to their rates; nil sends at once.
    public var rateLimiter: RequestRateLimiter?

    /// A client over `transport`.
    public init(
        transport: HTTPTransport,
        retryPolicy: RetryPolicy = .standard,
        classifier: RetryClassifier = .standard,
        timing: RetryTiming = .live,
        onAttempt: (@Sendable (_ service: String, _ operation: String) -> Void)? = nil,
        rateLimiter: RequestRateLimiter? = nil
    ) {
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.classifier = classifier
        self.timing = timing
        self.onAttempt = onAttempt
        self.rateLimiter = rateLimiter
    }

    /// Runs `operation` of `service` until it succeeds, fails for good, or runs out of attempts.
    ///
    /// `makeRequest` is called before every attempt (1-based) so that each is signed at its own
    /// time. Returns the 2xx response; throws `AWSError` for an error response or a failed
    /// connection, `CancellationError` when the task is cancelled, and whatever `makeRequest`
    /// throws.
    public func send(
        service: String,
        operation: String,
        _ makeRequest: @Sendable (_ attempt: Int) async throws -> HTTPRequest
    ) async throws -> HTTPResponse {
        var attempt = 1
        while true {
            try Task.checkCancellation()
            let request = try await makeRequest(attempt)
            onAttempt?(service, operation)
            let failure: AWSError
            do {
                let response = try await transport.send(request)
                if response.isSuccess { return response }
                failure = AWSError(service: service, operation: operation, response: response, attempts: attempt)
            } catch let error as TransportError {
                failure = AWSError(service: service, operation: operation, transportError: error, attempts: attempt)
            }
            guard attempt < retryPolicy.maximumAttempts, classifier.reason(toRetry: failure) != nil else {
                throw failure
            }
            try await timing.sleep(retryPolicy.delay(beforeRetry: attempt, unitRandom: timing.unitRandom()))
            attempt += 1
        }
    }
}
