import BallastAWS
import BallastHTTP
import BallastTestSupport
import Foundation

/// What a service client needs to reach the AWS emulator as its default account: the
/// configuration (`AWS_ENDPOINT_URL` and test keys), a client and the credentials.
struct EmulatorAccount {
    /// moto's default account id.
    static let accountId = "123456789012"

    let configuration: AWSConfiguration
    let client: AWSClient
    let credentials: any CredentialProvider

    /// The account behind `emulator`, with `region` configured.
    init(_ emulator: LoopbackPeer, region: String = "us-east-1") throws {
        configuration = AWSConfiguration(
            environment: AWSEnvironment(variables: [
                "AWS_ENDPOINT_URL": emulator.endpoint.absoluteString,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": region,
            ]))
        client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        guard let credentials = try EnvironmentCredentials(environment: configuration.environment) else {
            throw BotoScript.Failure(description: "the emulator account has no credentials")
        }
        self.credentials = credentials
    }
}
