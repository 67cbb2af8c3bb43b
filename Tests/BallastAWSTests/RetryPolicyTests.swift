import BallastAWS
import BallastHTTP
import Testing

@Suite("RetryPolicy: the SDKs' standard backoff")
struct RetryPolicyTests {
    @Test("the defaults are 3 attempts, 100 ms base, 20 s cap")
    func defaults() {
        let policy = RetryPolicy.standard
        #expect(policy.maximumAttempts == 3)
        #expect(policy.baseDelay == .milliseconds(100))
        #expect(policy.maximumDelay == .seconds(20))
    }

    @Test("the ceiling doubles from the base and stops at the cap")
    func ceilings() {
        let policy = RetryPolicy.standard
        let ceilings = (1...10).map { policy.ceiling(beforeRetry: $0) }
        #expect(
            ceilings == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .milliseconds(1600), .milliseconds(3200), .milliseconds(6400), .milliseconds(12_800),
                .seconds(20), .seconds(20),
            ])
        #expect(policy.ceiling(beforeRetry: 1000) == .seconds(20))
    }

    @Test("full jitter: the delay is the random fraction of the ceiling")
    func fullJitter() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(beforeRetry: 1, unitRandom: 0) == .zero)
        #expect(policy.delay(beforeRetry: 1, unitRandom: 0.5) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 3, unitRandom: 0.25) == .milliseconds(100))
        #expect(policy.delay(beforeRetry: 12, unitRandom: 0.5) == .seconds(10))
    }
}

@Suite("RetryClassifier")
struct RetryClassifierTests {
    static func error(_ status: Int, _ code: String?) -> AWSError {
        AWSError(service: "Test", operation: "Op", httpStatus: status, code: code, message: "m")
    }

    @Test(
        "throttling codes and 429 are throttling",
        arguments: [
            "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "SlowDown", "PriorRequestNotComplete", "RequestThrottled",
            "EC2ThrottledException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        ])
    func throttling(code: String) {
        #expect(RetryClassifier.standard.reason(toRetry: Self.error(400, code)) == .throttling)
    }

    @Test("HTTP 429 without a code is throttling")
    func status429() {
        #expect(RetryClassifier.standard.reason(toRetry: Self.error(429, nil)) == .throttling)
    }

    @Test(
        "transient codes are retried",
        arguments: ["RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable"])
    func transient(code: String) {
        #expect(RetryClassifier.standard.reason(toRetry: Self.error(400, code)) == .transientError)
    }

    @Test("5xx statuses are retried", arguments: [500, 502, 503, 504])
    func serverErrors(status: Int) {
        #expect(RetryClassifier.standard.reason(toRetry: Self.error(status, nil)) == .serverError)
    }

    @Test(
        "client errors are never retried",
        arguments: [
            (400, "ValidationError"), (400, "ValidationException"), (403, "AccessDenied"),
            (400, "InvalidParameterValue"), (404, "ResourceNotFoundException"), (400, nil), (501, nil),
        ] as [(Int, String?)])
    func clientErrors(status: Int, code: String?) {
        #expect(RetryClassifier.standard.reason(toRetry: Self.error(status, code)) == nil)
    }

    @Test(
        "broken connections are retried; TLS, size and invalid requests are not",
        arguments: [
            (TransportError.Kind.connectionRefused, true), (.connectionReset, true), (.connectionClosed, true),
            (.emptyReply, true), (.timedOut, true), (.tls, false), (.responseTooLarge(limit: 1), false),
            (.invalidRequest, false), (.shutDown, false),
        ])
    func transport(kind: TransportError.Kind, retried: Bool) {
        let error = AWSError(service: "Test", operation: "Op", transportError: TransportError(kind: kind, url: "u"))
        #expect((RetryClassifier.standard.reason(toRetry: error) == .connectionError) == retried)
    }
}
