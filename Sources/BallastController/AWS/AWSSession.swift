import BallastAWS
import BallastHTTP
import Foundation

/// How Ballast reaches AWS, set up once per process as every AWS tool does: the environment
/// and shared config files, one transport, the credential chain, clients per region.
public final class AWSSession: Sendable {
    /// The configuration read from the environment and the shared files.
    public let configuration: AWSConfiguration
    /// Sends and retries every request.
    public let client: AWSClient
    /// The credentials, refreshed before they expire.
    public let credentials: any CredentialProvider

    /// A session from the process environment.
    public static func fromEnvironment() throws -> AWSSession {
        try AWSSession(environment: .process())
    }

    /// A session from `environment`; `onAttempt` is told of every request attempt. With
    /// `requestsPerSecond` (the controller's: `RequestRates.standard` with these rates by service
    /// id put over it), every request of the session, all stages and applications in the process,
    /// is held to those rates per service and region; without it (a one-shot command) requests go
    /// at once.
    public init(
        environment: AWSEnvironment, transport: TransportConfiguration = TransportConfiguration(),
        requestsPerSecond: [String: Int]? = nil,
        onAttempt: (@Sendable (_ service: String, _ operation: String) -> Void)? = nil
    ) throws {
        configuration = try AWSConfiguration.load(environment)
        client = AWSClient(
            transport: try HTTPTransport(configuration: transport), retryPolicy: .unattended, onAttempt: onAttempt,
            rateLimiter: requestsPerSecond.map { overrides in
                var rates = RequestRates.standard
                rates.perService.merge(overrides) { $1 }
                return RequestRateLimiter(rates: rates)
            })
        credentials = try CredentialChain(client: client, now: Date.init).refreshingProvider(for: configuration)
    }

    /// The clients of `region`.
    public func clients(region: String) throws -> RegionClients {
        try RegionClients(region: region, configuration: configuration, client: client, credentials: credentials)
    }

    /// Stops the transport's thread.
    public func shutdown() {
        client.transport.shutdown()
    }
}
