import BallastAWSSigning
import BallastHTTP
import Foundation

/// One AWS service reached at one endpoint: the client that sends and retries, where to send,
/// how to sign, and the clock that dates each signature.
///
/// Service clients (`STS`, …) build `WireRequest`s with a protocol encoder and send them here.
public struct ServiceConnection: Sendable {
    /// Sends and retries.
    public var client: AWSClient
    /// The service's names; its signing name goes into the signature.
    public var service: AWSService
    /// The endpoint, `https://sts.eu-central-1.amazonaws.com` or an emulator's.
    public var endpoint: URL
    /// The region the signature is scoped to.
    public var region: String
    /// Where signing credentials come from; `nil` for a connection that only sends unsigned
    /// calls.
    public var credentials: (any CredentialProvider)?
    /// The time each attempt is signed at.
    public var now: @Sendable () -> Date

    /// A connection from its parts.
    public init(
        client: AWSClient,
        service: AWSService,
        endpoint: URL,
        region: String,
        credentials: (any CredentialProvider)?,
        now: @escaping @Sendable () -> Date
    ) {
        self.client = client
        self.service = service
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.now = now
    }

    /// A connection to `service` in `region` at the endpoint `configuration` gives it (a
    /// configured `AWS_ENDPOINT_URL…`, or AWS's own); without a region, the global endpoint,
    /// signed for us-east-1.
    ///
    /// Throws `ConfigurationError` when a configured endpoint is malformed.
    public init(
        service: AWSService,
        configuration: AWSConfiguration,
        region: String?,
        client: AWSClient,
        credentials: (any CredentialProvider)?,
        now: @escaping @Sendable () -> Date
    ) throws(ConfigurationError) {
        let endpoint = try configuration.endpoint(for: service, region: region)
        self.init(
            client: client, service: service, endpoint: endpoint, region: region ?? "us-east-1",
            credentials: credentials, now: now)
    }

    /// Sends `request` as `operation`, signing each attempt with fresh credentials unless
    /// `signed` is false, and returns the 2xx response. With a rate limiter on the client, each
    /// attempt first waits for its turn at the service's rate in this region.
    ///
    /// Throws `AWSError` for an error response or a failed connection, `CredentialsError` when a
    /// signed call has no credentials, `ConfigurationError` when the endpoint has no host.
    public func send(operation: String, _ request: WireRequest, signed: Bool = true) async throws -> HTTPResponse {
        guard let url = request.url(endpoint: endpoint) else {
            throw ConfigurationError(
                .invalidEndpoint(setting: "\(service.serviceId) endpoint", value: endpoint.absoluteString))
        }
        let credentials = credentials
        if signed, credentials == nil { throw CredentialsError(source: nil, .notConfigured) }
        let region = region
        let signingName = service.signingName
        let now = now
        let limiter = client.rateLimiter
        let serviceId = service.serviceId
        return try await client.send(service: service.serviceId, operation: operation) { _ in
            // Every attempt, a retry too, counts against the account's rate at AWS.
            try await limiter?.admit(service: serviceId, region: region)
            guard signed, let credentials else {
                return HTTPRequest(method: request.method, url: url, headers: request.headers, body: request.body)
            }
            let signer = SigV4Signer(
                credentials: try await credentials.credentials().credentials, region: region, service: signingName)
            return try HTTPRequest.signed(
                method: request.method, url: url, headers: request.headers, body: request.body, signer: signer,
                date: now())
        }
    }

    /// How many times a read is sent when its answers cannot be decoded. Five: a link that
    /// garbles one answer in twenty still fails a read about once in three million.
    static let decodingAttempts = 5

    /// Operations that change something but may be repeated with the same result.
    static let idempotentWrites: Set<String> = [
        "UpdateTerminationProtection", "SetStackPolicy", "TagResource", "UntagResource", "PutBucketVersioning",
        "PutObject", "SetAlarmState",
    ]

    /// Sends `request` and decodes the answer with `decode`. A read (GET or HEAD, or an
    /// operation named Describe…, Get… or List…) or an idempotent write whose 2xx answer cannot
    /// be decoded, as when a proxy garbles or cuts a body, is sent again, up to
    /// `decodingAttempts` times in all: asking again changes nothing. Any other operation's
    /// undecodable answer is thrown, since its effect may already have happened; the caller
    /// checks.
    public func send<Output>(
        operation: String, _ request: WireRequest, signed: Bool = true, decode: (HTTPResponse) throws -> Output
    ) async throws -> Output {
        let isRead =
            ["GET", "HEAD"].contains(request.method)
            || ["Describe", "Get", "List"].contains { operation.hasPrefix($0) }
            || Self.idempotentWrites.contains(operation)
        var attempt = 1
        while true {
            let response = try await send(operation: operation, request, signed: signed)
            do {
                return try decode(response)
            } catch  where isRead && attempt < Self.decodingAttempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }
}
