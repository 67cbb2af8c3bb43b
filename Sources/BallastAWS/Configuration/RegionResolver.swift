/// Finds the AWS region as the SDKs do: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region`
/// in the selected profile of the config file.
public enum RegionResolver {
    /// The region, or `nil` when none is configured.
    ///
    /// Throws `ConfigurationError.profileNotFound` when the environment sets no region and
    /// `AWS_PROFILE` names a profile that does not exist.
    public static func region(
        environment: AWSEnvironment,
        shared: SharedConfiguration
    ) throws(ConfigurationError) -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        return try shared.selectedProfile(in: environment)?["region"]
    }
}
