import Foundation

/// Everything AWS configuration is read from: the captured environment and the two shared
/// files, loaded once at start.
public struct AWSConfiguration: Sendable, Hashable {
    /// The environment variables and home directory.
    public var environment: AWSEnvironment
    /// The shared config and credentials files.
    public var shared: SharedConfiguration

    /// A configuration from its parts.
    public init(environment: AWSEnvironment, shared: SharedConfiguration = SharedConfiguration()) {
        self.environment = environment
        self.shared = shared
    }

    /// The configuration `environment` points at, reading the shared files it names.
    ///
    /// Throws `ConfigurationError.unreadableFile` when a shared file exists but cannot be read.
    public static func load(_ environment: AWSEnvironment) throws(ConfigurationError) -> AWSConfiguration {
        AWSConfiguration(environment: environment, shared: try SharedConfiguration.load(from: environment))
    }

    /// The region, or `nil` when none is configured; see `RegionResolver`.
    public func region() throws(ConfigurationError) -> String? {
        try RegionResolver.region(environment: environment, shared: shared)
    }

    /// The region; throws `ConfigurationError.noRegion` when none is configured.
    public func requiredRegion() throws(ConfigurationError) -> String {
        guard let region = try region() else { throw ConfigurationError(.noRegion(profile: environment.profileName)) }
        return region
    }

    /// The endpoint of `service` in `region`; see `EndpointResolver`.
    public func endpoint(for service: AWSService, region: String?) throws(ConfigurationError) -> URL {
        try EndpointResolver.endpoint(for: service, region: region, environment: environment, shared: shared)
    }
}
