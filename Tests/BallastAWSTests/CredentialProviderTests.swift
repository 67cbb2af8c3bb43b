import BallastAWS
import BallastAWSSigning
import Foundation
import Testing

@Suite("the environment and profile credential providers")
struct CredentialProviderTests {
    @Test("environment: key, secret and session token; AWS_CREDENTIAL_EXPIRATION when set")
    func environment() async throws {
        let provider = try #require(
            try EnvironmentCredentials(
                environment: AWSEnvironment(variables: [
                    "AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
                    "AWS_SESSION_TOKEN": "env-token", "AWS_CREDENTIAL_EXPIRATION": "2030-01-01T00:00:00Z",
                ])))
        let provided = try await provider.credentials()
        #expect(
            provided.credentials
                == AWSCredentials(accessKeyId: "ASIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(provided.expiration == ISO8601Timestamp.parse("2030-01-01T00:00:00Z"))
        #expect(provided.source == .environment)
    }

    @Test("environment: nothing set, or only the secret or token, means not configured")
    func environmentNotConfigured() throws {
        #expect(try EnvironmentCredentials(environment: AWSEnvironment(variables: [:])) == nil)
        #expect(
            try EnvironmentCredentials(
                environment: AWSEnvironment(variables: ["AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"])) == nil
        )
        #expect(try EnvironmentCredentials(environment: AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": ""])) == nil)
    }

    @Test("environment: an access key id without its secret is an error naming both variables")
    func environmentPartial() {
        let error = #expect(throws: CredentialsError.self) {
            try EnvironmentCredentials(environment: AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKIA"]))
        }
        #expect(error?.source == .environment)
        #expect(error?.kind == .incomplete(present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY"))
        #expect(
            error?.description == "environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    }

    private func configuration(
        config: String = "", credentials: String = "", _ variables: [String: String] = [:]
    ) -> AWSConfiguration {
        AWSConfiguration(
            environment: AWSEnvironment(variables: variables),
            shared: SharedConfiguration(
                config: SharedConfigFile(parsing: config, kind: .config),
                credentials: SharedConfigFile(parsing: credentials, kind: .credentials)))
    }

    @Test("profile: default profile's static keys and session token")
    func profileDefault() async throws {
        let provider = try #require(
            try ProfileCredentials(
                configuration: configuration(
                    credentials:
                        "[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = def-secret\naws_session_token = def-token\n"
                )))
        let provided = try await provider.credentials()
        #expect(
            provided.credentials
                == AWSCredentials(accessKeyId: "AKIADEF", secretAccessKey: "def-secret", sessionToken: "def-token"))
        #expect(provided.expiration == nil)
        #expect(provided.source == .profile)
        #expect(provider.profileName == "default")
    }

    @Test("profile: AWS_PROFILE selects; the credentials file wins over the config file")
    func profileSelected() async throws {
        let provider = try #require(
            try ProfileCredentials(
                configuration: configuration(
                    config: "[profile ci]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret\n",
                    credentials:
                        "[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = x\n[ci]\naws_access_key_id = AKIACI\n",
                    ["AWS_PROFILE": "ci"])))
        let provided = try await provider.credentials()
        #expect(provided.credentials.accessKeyId == "AKIACI")
        #expect(provided.credentials.secretAccessKey == "config-secret")
    }

    @Test("profile: no default profile, or one without keys, means not configured")
    func profileNotConfigured() throws {
        #expect(try ProfileCredentials(configuration: configuration()) == nil)
        #expect(try ProfileCredentials(configuration: configuration(config: "[default]\nregion = us-east-1\n")) == nil)
        #expect(
            try ProfileCredentials(configuration: configuration(credentials: "[default]\naws_secret_access_key = s\n"))
                == nil)
    }

    @Test("profile: a missing named profile, a key without its secret, and unsupported kinds are errors")
    func profileErrors() {
        let missing = #expect(throws: CredentialsError.self) {
            try ProfileCredentials(configuration: configuration(["AWS_PROFILE": "ghost"]))
        }
        #expect(missing?.kind == .configuration(ConfigurationError(.profileNotFound(profile: "ghost"))))

        let partial = #expect(throws: CredentialsError.self) {
            try ProfileCredentials(configuration: configuration(credentials: "[default]\naws_access_key_id = AKIA\n"))
        }
        #expect(
            partial?.kind
                == .incomplete(present: "aws_access_key_id in profile default", missing: "aws_secret_access_key"))

        let cases: [(String, String)] = [
            (
                "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\naws_access_key_id = A\naws_secret_access_key = S\n",
                "role_arn (assume role)"
            ),
            ("[default]\nsso_session = corp\n", "SSO"),
            ("[default]\ncredential_process = /bin/creds\n", "credential_process"),
        ]
        for (config, feature) in cases {
            let error = #expect(throws: CredentialsError.self) {
                try ProfileCredentials(configuration: configuration(config: config))
            }
            #expect(error?.kind == .unsupported(profile: "default", feature: feature))
        }
    }

    @Test("profile: static keys win over credential_process, as in botocore")
    func processAfterStatic() throws {
        let provider = try ProfileCredentials(
            configuration: configuration(
                config: "[default]\ncredential_process = /bin/creds\naws_access_key_id = A\naws_secret_access_key = S\n"
            ))
        #expect(provider != nil)
    }
}
