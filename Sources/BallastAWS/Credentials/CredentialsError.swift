/// Why no credentials could be had: which source, and what is missing or failed.
///
/// Never carries a secret: it names variables, files and URLs, not their secret contents.
public struct CredentialsError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// No source is configured at all.
        case notConfigured
        /// A source is half-configured: `present` is set, `missing` is not.
        case incomplete(present: String, missing: String)
        /// A file the source reads (a token file) cannot be read or is empty.
        case unreadableFile(path: String, reason: String)
        /// The container credentials URL may not be used.
        case disallowedEndpoint(url: String, reason: String)
        /// A setting has a value that cannot be used (not the value itself when it is secret).
        case invalidSetting(name: String, reason: String)
        /// The profile asks for a way of getting credentials that Ballast does not implement.
        case unsupported(profile: String, feature: String)
        /// The configuration behind the source is broken (a missing named profile, …).
        case configuration(ConfigurationError)
        /// The call that fetches the credentials failed.
        case requestFailed(AWSError)
        /// The call answered, but not with credentials.
        case invalidResponse(reason: String)
    }

    /// The source at fault; `nil` for `.notConfigured`.
    public var source: CredentialSource?
    /// What went wrong.
    public var kind: Kind

    /// An error of `kind` in `source`.
    public init(source: CredentialSource?, _ kind: Kind) {
        self.source = source
        self.kind = kind
    }
}

extension CredentialsError: CustomStringConvertible {
    /// `web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not`.
    public var description: String {
        let what: String =
            switch kind {
            case .notConfigured:
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    + "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, AWS_CONTAINER_CREDENTIALS_FULL_URI, "
                    + "or aws_access_key_id and aws_secret_access_key in a profile of the shared files"
            case .incomplete(let present, let missing):
                "\(present) is set but \(missing) is not"
            case .unreadableFile(let path, let reason):
                "cannot read \(path): \(reason)"
            case .disallowedEndpoint(let url, let reason):
                "\(url) may not be used: \(reason)"
            case .invalidSetting(let name, let reason):
                "\(name) \(reason)"
            case .unsupported(let profile, let feature):
                "profile \(profile) uses \(feature), which Ballast does not support"
            case .configuration(let error):
                error.description
            case .requestFailed(let error):
                error.description
            case .invalidResponse(let reason):
                "unusable answer: \(reason)"
            }
        return source.map { "\($0): \(what)" } ?? what
    }
}
