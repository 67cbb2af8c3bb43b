/// The names one AWS service goes by: its SDK service id (for `AWS_ENDPOINT_URL_<SERVICE>` and
/// the `[services]` section), its endpoint prefix (the host name) and its SigV4 signing name.
public struct AWSService: Sendable, Hashable {
    /// The SDK service id, `CloudWatch`, `API Gateway`.
    public var serviceId: String
    /// The first label(s) of the default host name, `monitoring` for CloudWatch.
    public var endpointPrefix: String
    /// The service name in the SigV4 credential scope, `monitoring`.
    public var signingName: String

    /// A service from its names; `signingName` defaults to `endpointPrefix`.
    public init(serviceId: String, endpointPrefix: String, signingName: String? = nil) {
        self.serviceId = serviceId
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName ?? endpointPrefix
    }

    /// `AWS_ENDPOINT_URL_` and the service id upper-cased with spaces and hyphens made
    /// underscores: `AWS_ENDPOINT_URL_CLOUDWATCH`, `AWS_ENDPOINT_URL_API_GATEWAY`.
    public var endpointVariable: String {
        "AWS_ENDPOINT_URL_" + Self.snakeCase(serviceId).uppercased()
    }

    /// The key of the service in a `[services]` section: the service id lower-cased with spaces
    /// and hyphens made underscores, `cloudwatch`, `api_gateway`.
    public var configKey: String {
        Self.snakeCase(serviceId).lowercased()
    }

    private static func snakeCase(_ id: String) -> String {
        String(id.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// AWS Security Token Service.
    public static let sts = AWSService(serviceId: "STS", endpointPrefix: "sts")
    /// AWS CloudFormation.
    public static let cloudFormation = AWSService(serviceId: "CloudFormation", endpointPrefix: "cloudformation")
    /// Amazon CloudWatch (metrics and alarms).
    public static let cloudWatch = AWSService(serviceId: "CloudWatch", endpointPrefix: "monitoring")
    /// AWS Lambda.
    public static let lambda = AWSService(serviceId: "Lambda", endpointPrefix: "lambda")
    /// Amazon Elastic Container Registry.
    public static let ecr = AWSService(serviceId: "ECR", endpointPrefix: "api.ecr", signingName: "ecr")
    /// Amazon S3.
    public static let s3 = AWSService(serviceId: "S3", endpointPrefix: "s3")
}
