/// Where credentials come from: the links of the credential chain.
public enum CredentialSource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    case environment
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` through STS (IRSA on EKS).
    case webIdentity
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` / `_RELATIVE_URI` (EKS Pod Identity, ECS).
    case container
    /// A profile of the shared config and credentials files.
    case profile

    /// How a person names the source in a message.
    public var description: String {
        switch self {
        case .environment: "environment variables"
        case .webIdentity: "web identity"
        case .container: "container credentials endpoint"
        case .profile: "shared credentials profile"
        }
    }
}
