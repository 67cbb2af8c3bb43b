import BallastAWS
import BallastAWSSigning
import BallastHTTP
import Foundation
import Testing

/// Secret keys, session tokens, web identity tokens and container tokens never show in a
/// description, a debug description, or a `dump`.
@Suite("secrets stay out of descriptions and errors")
struct SecretRedactionTests {
    static let secrets = [
        "SECRET-KEY-VALUE", "SESSION-TOKEN-VALUE", "WEB-IDENTITY-TOKEN-VALUE", "CONTAINER-TOKEN-VALUE",
    ]

    private func expectNoSecret(_ value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
        var dumped = ""
        dump(value, to: &dumped)
        for text in [String(describing: value), String(reflecting: value), dumped] {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) appears in \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("configuration values: the environment, a shared profile")
    func configuration() throws {
        let environment = AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "SECRET-KEY-VALUE",
            "AWS_SESSION_TOKEN": "SESSION-TOKEN-VALUE", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "CONTAINER-TOKEN-VALUE",
        ])
        expectNoSecret(environment)
        #expect(environment.description.contains("AWS_SECRET_ACCESS_KEY"))
        let file = SharedConfigFile(
            parsing:
                "[default]\naws_access_key_id = AKIA\naws_secret_access_key = SECRET-KEY-VALUE\naws_session_token = SESSION-TOKEN-VALUE\n",
            kind: .credentials)
        expectNoSecret(try #require(file.profiles["default"]))
        expectNoSecret(file)
        expectNoSecret(AWSConfiguration(environment: environment, shared: SharedConfiguration(credentials: file)))
    }

    @Test("providers and the credentials they hand out")
    func providers() async throws {
        let environment = AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "SECRET-KEY-VALUE",
            "AWS_SESSION_TOKEN": "SESSION-TOKEN-VALUE",
        ])
        let fromEnvironment = try #require(try EnvironmentCredentials(environment: environment))
        expectNoSecret(fromEnvironment)
        expectNoSecret(try await fromEnvironment.credentials())

        let profile = SharedConfigSection(
            name: "p", properties: ["aws_access_key_id": "AKIA", "aws_secret_access_key": "SECRET-KEY-VALUE"])
        expectNoSecret(try #require(try ProfileCredentials(profile: profile)))

        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let container = try ContainerCredentials(
            url: try #require(URL(string: "http://127.0.0.1:1/")), authorization: .token("CONTAINER-TOKEN-VALUE"),
            client: client)
        expectNoSecret(container)

        let cache = RefreshingCredentials(provider: fromEnvironment, now: { Date() })
        _ = try await cache.credentials()
        expectNoSecret(cache)
    }

    @Test("STS inputs and outputs")
    func stsShapes() {
        expectNoSecret(
            AssumeRoleWithWebIdentityInput(
                roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s", webIdentityToken: "WEB-IDENTITY-TOKEN-VALUE"))
        expectNoSecret(
            AssumeRoleWithWebIdentityOutput(
                credentials: AWSCredentials(
                    accessKeyId: "ASIA", secretAccessKey: "SECRET-KEY-VALUE", sessionToken: "SESSION-TOKEN-VALUE"),
                expiration: Date(timeIntervalSince1970: 0)))
    }

    @Test("errors name the variable or file, not its secret value")
    func errors() throws {
        let partial = #expect(throws: CredentialsError.self) {
            try EnvironmentCredentials(
                environment: AWSEnvironment(variables: [
                    "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SESSION_TOKEN": "SESSION-TOKEN-VALUE",
                ]))
        }
        expectNoSecret(try #require(partial))
        let profile = #expect(throws: CredentialsError.self) {
            try ProfileCredentials(
                profile: SharedConfigSection(
                    name: "p", properties: ["aws_secret_access_key": "SECRET-KEY-VALUE", "role_arn": "arn"]))
        }
        expectNoSecret(try #require(profile))
    }
}
