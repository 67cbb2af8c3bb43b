/// The S3 error codes Ballast acts on; any other code stays readable in `AWSError.code`.
public enum S3ErrorCode: String, Sendable, Hashable, CaseIterable {
    /// No such bucket.
    case noSuchBucket = "NoSuchBucket"
    /// No such key (or version) in the bucket.
    case noSuchKey = "NoSuchKey"
    /// The caller already owns a bucket of that name (outside us-east-1; there it is a success).
    case bucketAlreadyOwnedByYou = "BucketAlreadyOwnedByYou"
    /// Another account owns a bucket of that name: bucket names are global.
    case bucketAlreadyExists = "BucketAlreadyExists"
    /// The location constraint does not match the endpoint's region.
    case illegalLocationConstraint = "IllegalLocationConstraintException"
}

extension AWSError {
    /// The S3 error code, when this is an error from an S3 call with a code Ballast knows.
    public var s3ErrorCode: S3ErrorCode? {
        guard service == S3.serviceName, let code else { return nil }
        return S3ErrorCode(rawValue: code)
    }
}
