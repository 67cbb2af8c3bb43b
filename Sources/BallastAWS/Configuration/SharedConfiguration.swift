/// The two shared AWS files read together, for looking up a profile.
///
/// A profile's properties come from the config file, with the credentials file's properties of
/// the same profile laid over them, as in the AWS SDKs.
public struct SharedConfiguration: Sendable, Hashable {
    /// `~/.aws/config` or `AWS_CONFIG_FILE`.
    public var config: SharedConfigFile
    /// `~/.aws/credentials` or `AWS_SHARED_CREDENTIALS_FILE`.
    public var credentials: SharedConfigFile

    /// The files from their parsed contents.
    public init(config: SharedConfigFile = SharedConfigFile(), credentials: SharedConfigFile = SharedConfigFile()) {
        self.config = config
        self.credentials = credentials
    }

    /// Reads both files where `environment` says they are; a missing file is empty.
    ///
    /// Throws `ConfigurationError.unreadableFile` when a file exists but cannot be read.
    public static func load(from environment: AWSEnvironment) throws(ConfigurationError) -> SharedConfiguration {
        SharedConfiguration(
            config: try SharedConfigFile.load(path: environment.configFilePath, kind: .config),
            credentials: try SharedConfigFile.load(path: environment.credentialsFilePath, kind: .credentials)
        )
    }

    /// The profile `name` from both files merged, or `nil` when neither has it.
    public func profile(named name: String) -> SharedConfigSection? {
        switch (config.profiles[name], credentials.profiles[name]) {
        case (let fromConfig?, let fromCredentials?): fromConfig.merging(fromCredentials)
        case (let fromConfig?, nil): fromConfig
        case (nil, let fromCredentials?): fromCredentials
        case (nil, nil): nil
        }
    }

    /// The profile `environment` selects (`AWS_PROFILE` or `default`).
    ///
    /// Throws `ConfigurationError.profileNotFound` when `AWS_PROFILE` names a profile neither
    /// file has; returns `nil` when the `default` profile is simply absent.
    public func selectedProfile(in environment: AWSEnvironment) throws(ConfigurationError) -> SharedConfigSection? {
        let name = environment.profileName
        if let profile = profile(named: name) { return profile }
        if environment.namesProfile { throw ConfigurationError(.profileNotFound(profile: name)) }
        return nil
    }
}
