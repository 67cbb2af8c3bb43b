import Foundation

/// What every service client (`CloudFormation`, `Lambda`, …) is: a connection to one AWS
/// service, the name its errors carry, the ways to make one, and the one place a 2xx answer
/// that cannot be read gets the service and operation it came from.
public protocol AWSServiceClient: Sendable {
    /// The service's names: endpoint prefix, signing name and SDK service id.
    static var service: AWSService { get }
    /// Where and how requests go.
    var connection: ServiceConnection { get }
    /// A client over `connection`, whose service should be `Self.service`.
    init(connection: ServiceConnection)
}

extension AWSServiceClient {
    /// The name errors use: the SDK service id, `CloudFormation`.
    public static var serviceName: String { service.serviceId }

    /// A client for the endpoint `configuration` gives the service in `region`.
    ///
    /// Throws `ConfigurationError` when a configured endpoint is malformed.
    public init(
        configuration: AWSConfiguration,
        region: String,
        client: AWSClient,
        credentials: (any CredentialProvider)?,
        now: @escaping @Sendable () -> Date
    ) throws(ConfigurationError) {
        self.init(
            connection: try ServiceConnection(
                service: Self.service, configuration: configuration, region: region, client: client,
                credentials: credentials, now: now))
    }

    /// Reads a 2xx answer of `operation` with `decode`; a `ResponseDecodingError` comes out
    /// naming this service and `operation`, so the user learns which call AWS answered oddly.
    func decoding<Output>(_ operation: String, _ decode: () throws -> Output) throws -> Output {
        do {
            return try decode()
        } catch let error as ResponseDecodingError {
            throw error.during(service: Self.serviceName, operation: operation)
        }
    }
}
