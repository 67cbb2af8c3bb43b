import Foundation

/// Picks the credential source the way the AWS SDKs do: the first configured source in
/// `order`, which by default is environment, web identity, container, profile.
///
/// A source that is not configured at all is skipped; one that is configured but broken (an
/// access key id without its secret, a token file without a role ARN, a disallowed container
/// URL, a missing named profile) stops the chain with its error, as botocore does, rather than
/// silently falling through to another identity. The choice is made once, without a network
/// call; the chosen provider is called when credentials are needed.
public struct CredentialChain: Sendable {
    /// The order Ballast consults the sources in.
    ///
    /// Note: botocore, the Java SDK v2 and the Go SDK v2 consult the shared profile *before*
    /// the container endpoint; this order puts the container first, as Ballast's issue 5 asks.
    public static let defaultOrder: [CredentialSource] = [.environment, .webIdentity, .container, .profile]

    /// The sources, first to last.
    public var order: [CredentialSource]
    /// Sends STS and container requests.
    public var client: AWSClient
    /// How long web identity credentials last; `nil` for STS's default of an hour.
    public var webIdentityDurationSeconds: Int?
    /// The clock: it names generated web identity sessions.
    public var now: @Sendable () -> Date

    /// A chain over `order`, sending through `client`.
    public init(
        order: [CredentialSource] = CredentialChain.defaultOrder,
        client: AWSClient,
        webIdentityDurationSeconds: Int? = nil,
        now: @escaping @Sendable () -> Date
    ) {
        self.order = order
        self.client = client
        self.webIdentityDurationSeconds = webIdentityDurationSeconds
        self.now = now
    }

    /// The provider of the first configured source.
    ///
    /// Throws `CredentialsError` naming the first broken source, or `.notConfigured` when no
    /// source is configured.
    public func provider(for configuration: AWSConfiguration) throws(CredentialsError) -> any CredentialProvider {
        for source in order {
            if let provider = try provider(of: source, configuration: configuration) { return provider }
        }
        throw CredentialsError(source: nil, .notConfigured)
    }

    /// The first configured source's provider inside a `RefreshingCredentials` that refreshes
    /// `refreshMargin` before expiry.
    public func refreshingProvider(
        for configuration: AWSConfiguration,
        refreshMargin: Duration = RefreshingCredentials.defaultRefreshMargin
    ) throws(CredentialsError) -> RefreshingCredentials {
        RefreshingCredentials(provider: try provider(for: configuration), refreshMargin: refreshMargin, now: now)
    }

    private func provider(
        of source: CredentialSource,
        configuration: AWSConfiguration
    ) throws(CredentialsError) -> (any CredentialProvider)? {
        switch source {
        case .environment:
            try EnvironmentCredentials(environment: configuration.environment)
        case .webIdentity:
            try WebIdentityCredentials(
                configuration: configuration, client: client, durationSeconds: webIdentityDurationSeconds, now: now)
        case .container:
            try ContainerCredentials(environment: configuration.environment, client: client)
        case .profile:
            try ProfileCredentials(configuration: configuration)
        }
    }
}
