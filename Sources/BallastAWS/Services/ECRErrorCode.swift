/// The ECR error codes Ballast acts on; any other code stays readable in `AWSError.code`.
public enum ECRErrorCode: String, Sendable, Hashable, CaseIterable {
    /// No image with the tag or digest asked for: the tag was never pushed, or was moved away.
    case imageNotFound = "ImageNotFoundException"
    /// No such repository in the registry.
    case repositoryNotFound = "RepositoryNotFoundException"
    /// A parameter is invalid, e.g. `maxResults` together with `imageIds`.
    case invalidParameter = "InvalidParameterException"
}

extension AWSError {
    /// The ECR error code, when this is an error from an ECR call with a code Ballast knows.
    public var ecrErrorCode: ECRErrorCode? {
        guard service == ECR.serviceName, let code else { return nil }
        return ECRErrorCode(rawValue: code)
    }
}
