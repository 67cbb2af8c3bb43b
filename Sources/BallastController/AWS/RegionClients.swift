import BallastAWS
import Foundation

/// The AWS clients Ballast uses in one region, sharing one transport and credential source.
public struct RegionClients: Sendable {
    /// The region.
    public let region: String
    /// CloudFormation.
    public let cloudFormation: CloudFormation
    /// Lambda.
    public let lambda: Lambda
    /// CloudWatch.
    public let cloudWatch: CloudWatch
    /// ECR.
    public let ecr: ECR
    /// S3, for templates too large to send inline.
    public let s3: S3
    /// STS, for the account the template bucket is named after.
    public let sts: STS

    /// Clients for `region`, at the endpoints `configuration` gives (the emulator's through
    /// `AWS_ENDPOINT_URL`).
    public init(
        region: String, configuration: AWSConfiguration, client: AWSClient, credentials: any CredentialProvider,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws(ConfigurationError) {
        self.region = region
        cloudFormation = try CloudFormation(
            configuration: configuration, region: region, client: client, credentials: credentials, now: now)
        lambda = try Lambda(
            configuration: configuration, region: region, client: client, credentials: credentials, now: now)
        cloudWatch = try CloudWatch(
            configuration: configuration, region: region, client: client, credentials: credentials, now: now)
        ecr = try ECR(configuration: configuration, region: region, client: client, credentials: credentials, now: now)
        s3 = try S3(configuration: configuration, region: region, client: client, credentials: credentials, now: now)
        sts = try STS(configuration: configuration, region: region, client: client, credentials: credentials, now: now)
    }
}
