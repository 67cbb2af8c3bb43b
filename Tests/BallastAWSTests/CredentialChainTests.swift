import BallastAWS
import BallastHTTP
import BallastTestSupport
import Foundation
import Testing

/// The chain's choice among sources. Each source is configured through variables and files only;
/// choosing makes no network call, so no endpoint needs to answer.
@Suite("the credential chain's precedence")
struct CredentialChainTests {
    let directory: TemporaryDirectory
    let client: AWSClient
    let everything: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let tokenFile = try directory.write("token", "eyJ.web.identity")
        try directory.write(
            ".aws/credentials", "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n")
        everything = [
            "HOME": directory.path,
            "AWS_REGION": "eu-central-1",
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ballast",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token",
        ]
    }

    private func choose(
        _ variables: [String: String],
        order: [CredentialSource] = CredentialChain.defaultOrder
    ) throws -> any CredentialProvider {
        let configuration = try AWSConfiguration.load(AWSEnvironment(variables: variables))
        return try CredentialChain(order: order, client: client, now: { Date(timeIntervalSince1970: 0) })
            .provider(for: configuration)
    }

    private func without(_ names: String...) -> [String: String] {
        everything.filter { !names.contains($0.key) }
    }

    @Test("environment beats web identity beats container beats profile")
    func precedence() throws {
        #expect(try choose(everything) is EnvironmentCredentials)
        #expect(try choose(without("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) is WebIdentityCredentials)
        #expect(
            try choose(
                without("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"))
                is ContainerCredentials)
        let profile = try choose(
            without(
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI"))
        #expect(profile is ProfileCredentials)
    }

    @Test("the chosen provider hands out its source's credentials")
    func chosenCredentials() async throws {
        #expect(try await choose(everything).credentials().credentials.accessKeyId == "AKIAENV")
        let profile = try choose(["HOME": directory.path])
        #expect(try await profile.credentials().credentials.accessKeyId == "AKIAPROFILE")
    }

    @Test("web identity: the session name comes from AWS_ROLE_SESSION_NAME or is generated from the clock")
    func sessionName() throws {
        let base = without("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
        let generated = try #require(try choose(base) as? WebIdentityCredentials)
        #expect(generated.sessionName == "ballast-0")
        let named = try #require(
            try choose(base.merging(["AWS_ROLE_SESSION_NAME": "pod-1"]) { $1 }) as? WebIdentityCredentials)
        #expect(named.sessionName == "pod-1")
        #expect(named.roleArn == "arn:aws:iam::123456789012:role/ballast")
    }

    @Test("nothing configured is an error that says what to set")
    func nothing() {
        let error = #expect(throws: CredentialsError.self) { try choose(["HOME": "/nonexistent-home"]) }
        #expect(error?.kind == .notConfigured)
        #expect(error?.description.contains("AWS_ACCESS_KEY_ID") == true)
    }

    @Test("AWS_ACCESS_KEY_ID without the secret stops the chain with an error (botocore's PartialCredentialsError)")
    func partialEnvironmentStops() {
        let error = #expect(throws: CredentialsError.self) { try choose(without("AWS_SECRET_ACCESS_KEY")) }
        #expect(error?.source == .environment)
    }

    @Test("AWS_SECRET_ACCESS_KEY without the key id is not a configured source: the chain goes on")
    func secretOnlySkips() throws {
        #expect(try choose(without("AWS_ACCESS_KEY_ID")) is WebIdentityCredentials)
    }

    @Test("a token file without AWS_ROLE_ARN stops the chain; a role ARN without a token file is skipped")
    func partialWebIdentity() throws {
        let error = #expect(throws: CredentialsError.self) {
            try choose(without("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ROLE_ARN"))
        }
        #expect(error?.source == .webIdentity)
        #expect(error?.kind == .incomplete(present: "AWS_WEB_IDENTITY_TOKEN_FILE", missing: "AWS_ROLE_ARN"))
        #expect(
            try choose(without("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE"))
                is ContainerCredentials)
    }

    @Test("web identity settings may come from the profile, as botocore reads them")
    func webIdentityFromProfile() throws {
        let config = try directory.write(
            "config",
            "[profile irsa]\nweb_identity_token_file = \(directory.path)/token\nrole_arn = arn:aws:iam::1:role/p\n")
        let provider = try choose(["HOME": directory.path, "AWS_CONFIG_FILE": config, "AWS_PROFILE": "irsa"])
        #expect((provider as? WebIdentityCredentials)?.roleArn == "arn:aws:iam::1:role/p")
    }

    @Test("a container URL that plain http may not reach stops the chain instead of falling back to the profile")
    func disallowedContainer() {
        var variables = without(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")
        variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://metadata.example.com/creds"
        let error = #expect(throws: CredentialsError.self) { try choose(variables) }
        #expect(error?.source == .container)
    }

    @Test("AWS_PROFILE naming a missing profile is an error when the chain reaches the profile")
    func missingProfile() throws {
        let error = #expect(throws: CredentialsError.self) {
            try choose(["HOME": directory.path, "AWS_PROFILE": "ghost"])
        }
        #expect(error?.source == .profile)
    }

    @Test("the order can be changed: the SDKs' own order puts the profile before the container")
    func customOrder() throws {
        let variables = without(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")
        #expect(try choose(variables) is ContainerCredentials)
        #expect(try choose(variables, order: [.environment, .webIdentity, .profile, .container]) is ProfileCredentials)
    }
}
