import BallastAWS
import BallastHTTP
import Foundation
import Testing

/// The retry loop of `AWSClient` against a loopback server that throttles, fails and drops
/// connections on a script. Sleeps are recorded, not slept; jitter comes from a seeded source.
@Suite("AWSClient retries against a scripted loopback server")
struct RetryTests {
    static let seed: UInt64 = 0xBA11A57

    static func client(_ policy: RetryPolicy = .standard, timing: RecordedTiming) throws -> AWSClient {
        AWSClient(
            transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)), retryPolicy: policy,
            timing: timing.timing)
    }

    static func call(_ client: AWSClient, _ server: ScriptedHTTPServer) async throws -> HTTPResponse {
        let url = server.url("/")
        return try await client.send(service: "CloudFormation", operation: "DescribeStacks") { _ in
            HTTPRequest(method: "POST", url: url, body: Data("Action=DescribeStacks".utf8))
        }
    }

    /// `r × min(cap, base × 2^(n-1))` in whole nanoseconds, for retries 1…count.
    static func expectedSchedule(count: Int, baseNanoseconds: Double, capNanoseconds: Double) -> [Duration] {
        let randoms = RecordedTiming.unitRandoms(seed: seed, count: count)
        return randoms.enumerated().map { index, random in
            let ceiling = min(capNanoseconds, baseNanoseconds * pow(2, Double(index)))
            return .nanoseconds(Int64((ceiling * random).rounded(.down)))
        }
    }

    @Test("throttling is retried on the jittered, capped exponential schedule")
    func throttlingSchedule() async throws {
        let server = try ScriptedHTTPServer(script: [
            .xmlError(400, code: "Throttling", message: "Rate exceeded"),
            .jsonError(400, code: "ThrottlingException", message: "slow down"),
            .status(429),
            .jsonError(400, code: "TooManyRequestsException", message: "too many"),
            .status(200, "<DescribeStacksResult/>"),
        ])
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let policy = RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(300))
        let response = try await Self.call(try Self.client(policy, timing: timing), server)
        #expect(response.status == 200)
        #expect(server.hits == 5)
        let expected = Self.expectedSchedule(count: 4, baseNanoseconds: 100e6, capNanoseconds: 300e6)
        #expect(timing.sleeps.current == expected)
        // The ceilings were 100, 200, 300 (capped), 300 (capped) ms.
        #expect(zip(timing.sleeps.current, [100, 200, 300, 300]).allSatisfy { $0 < .milliseconds($1) })
    }

    @Test(
        "each throttling shape is retried once and then succeeds",
        arguments: [
            ScriptedReply.xmlError(400, code: "RequestLimitExceeded", message: "EC2 says slow down"),
            .xmlError(503, code: "SlowDown", message: "S3 says slow down"),
            .status(400, #"{"message":"slow"}"#, headers: [("x-amzn-ErrorType", "TooManyRequestsException:http://x")]),
            .status(429, "<html><title>429</title></html>"),
        ])
    func throttlingShapes(reply: ScriptedReply) async throws {
        let server = try ScriptedHTTPServer(script: [reply, .status(200, "ok")])
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let response = try await Self.call(try Self.client(timing: timing), server)
        #expect(response.status == 200)
        #expect(server.hits == 2)
        #expect(timing.sleeps.current.count == 1)
    }

    @Test("the attempt cap is respected: exactly 3 hits, then the last error")
    func attemptCap() async throws {
        let server = try ScriptedHTTPServer(
            script: [], fallback: .xmlError(503, code: "ServiceUnavailable", message: "try later", requestId: "r-503"))
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let error = await #expect(throws: AWSError.self) {
            try await Self.call(try Self.client(timing: timing), server)
        }
        #expect(server.hits == 3)
        #expect(timing.sleeps.current == Self.expectedSchedule(count: 2, baseNanoseconds: 100e6, capNanoseconds: 20e9))
        #expect(error?.attempts == 3)
        #expect(error?.httpStatus == 503)
        #expect(error?.code == "ServiceUnavailable")
        #expect(error?.requestId == "r-503")
        #expect(
            error?.description
                == "CloudFormation DescribeStacks failed: ServiceUnavailable (HTTP 503): try later [request r-503] (after 3 attempts)"
        )
    }

    @Test("500 and 503 are retried until a success")
    func serverErrorsRetried() async throws {
        let server = try ScriptedHTTPServer(script: [
            .xmlError(500, code: "InternalFailure", message: "oops"), .status(503, "<html>busy</html>"),
            .status(200, "ok"),
        ])
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let response = try await Self.call(try Self.client(timing: timing), server)
        #expect(response.status == 200)
        #expect(server.hits == 3)
        #expect(timing.sleeps.current.count == 2)
    }

    @Test("a dropped connection and a truncated response are retried")
    func brokenConnectionsRetried() async throws {
        let server = try ScriptedHTTPServer(script: [
            .drop, .truncate(declaredLength: 50, sent: Data("<Describe".utf8)), .status(200, "ok"),
        ])
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let response = try await Self.call(try Self.client(timing: timing), server)
        #expect(response.status == 200)
        #expect(server.hits == 3)
        #expect(timing.sleeps.current.count == 2)
    }

    @Test(
        "a client error is returned at once, after one hit",
        arguments: [
            ScriptedReply.xmlError(
                400, code: "ValidationError", message: "Stack with id x does not exist", requestId: "1234"),
            .jsonError(400, code: "ValidationException", message: "bad", requestId: "1234"),
            .xmlError(403, code: "AccessDenied", message: "no", requestId: "1234"),
            .xmlError(400, code: "InvalidParameterValue", message: "no", requestId: "1234"),
        ])
    func clientErrorNotRetried(reply: ScriptedReply) async throws {
        let server = try ScriptedHTTPServer(script: [reply], fallback: .status(200, "should not be reached"))
        defer { server.stop() }
        let timing = RecordedTiming(seed: Self.seed)
        let error = await #expect(throws: AWSError.self) {
            try await Self.call(try Self.client(timing: timing), server)
        }
        #expect(server.hits == 1)
        #expect(timing.sleeps.current.isEmpty)
        #expect(error?.attempts == 1)
        #expect(error?.requestId == "1234")
        #expect(error?.service == "CloudFormation")
        #expect(error?.operation == "DescribeStacks")
    }

    @Test("the ValidationError reads as one line a person can act on")
    func validationErrorDescription() async throws {
        let server = try ScriptedHTTPServer(script: [
            .xmlError(400, code: "ValidationError", message: "Stack with id x does not exist", requestId: "1234")
        ])
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await Self.call(try Self.client(timing: RecordedTiming(seed: Self.seed)), server)
        }
        #expect(
            error?.description
                == "CloudFormation DescribeStacks failed: ValidationError (HTTP 400): Stack with id x does not exist [request 1234]"
        )
    }

    @Test("a refused connection is retried up to the cap and typed")
    func refusedRetried() async throws {
        let server = try ScriptedHTTPServer(script: [])
        server.stop()
        try await Task.sleep(for: .milliseconds(50))
        let timing = RecordedTiming(seed: Self.seed)
        let error = await #expect(throws: AWSError.self) {
            try await Self.call(try Self.client(timing: timing), server)
        }
        #expect(error?.transportError?.kind == .connectionRefused)
        #expect(error?.httpStatus == nil)
        #expect(error?.attempts == 3)
        #expect(timing.sleeps.current.count == 2)
    }

    @Test("each attempt builds (and so signs) its request afresh")
    func requestBuiltPerAttempt() async throws {
        let server = try ScriptedHTTPServer(script: [.status(500), .status(200)])
        defer { server.stop() }
        let client = try Self.client(timing: RecordedTiming(seed: Self.seed))
        let url = server.url("/")
        _ = try await client.send(service: "STS", operation: "GetCallerIdentity") { attempt in
            HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("X-Attempt", String(attempt))])
        }
        #expect(server.requests.map { $0.header("X-Attempt") } == ["1", "2"])
    }
}
