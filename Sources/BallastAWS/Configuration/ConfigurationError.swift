import BallastHTTP

/// AWS configuration that cannot be used: no region, a malformed endpoint URL, an unreadable
/// shared file, a profile that `AWS_PROFILE` names but no file has.
public struct ConfigurationError: Error, Sendable, Hashable {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// No region in `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile.
        case noRegion(profile: String)
        /// An endpoint setting is not an `http`/`https` URL with a host.
        case invalidEndpoint(setting: String, value: String)
        /// A shared config or credentials file exists but cannot be read.
        case unreadableFile(path: String, reason: String)
        /// `AWS_PROFILE` names a profile that neither shared file has.
        case profileNotFound(profile: String)
    }

    /// What is wrong.
    public var kind: Kind

    /// An error of `kind`.
    public init(_ kind: Kind) {
        self.kind = kind
    }
}

extension ConfigurationError: CustomStringConvertible {
    /// One line saying what is wrong and where to set it.
    public var description: String {
        switch kind {
        case .noRegion(let profile):
            "no AWS region: set AWS_REGION, AWS_DEFAULT_REGION, or region in profile \(profile) of the config file"
        case .invalidEndpoint(let setting, let value):
            "\(setting) is not an http(s) URL with a host: \(URLUserInfo.redacted(value))"
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        case .profileNotFound(let profile):
            "the profile \(profile) (AWS_PROFILE) is in neither the config nor the credentials file"
        }
    }
}
