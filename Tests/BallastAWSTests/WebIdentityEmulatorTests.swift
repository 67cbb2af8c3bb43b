import BallastAWS
import BallastAWSSigning
import BallastHTTP
import BallastTestSupport
import Foundation
import Testing

/// Counts the calls that reach the provider it wraps.
private struct CallCounting: CredentialProvider {
    let wrapped: any CredentialProvider
    let calls = Protected(0)

    func credentials() async throws -> ProvidedCredentials {
        calls.withLock { $0 += 1 }
        return try await wrapped.credentials()
    }
}

/// Web identity and STS against the AWS emulator's STS (moto implements
/// `AssumeRoleWithWebIdentity` without checking the token, and `GetCallerIdentity` answers with
/// the assumed role for its temporary keys).
@Suite("web identity and STS against the AWS emulator")
struct WebIdentityEmulatorTests {
    static let roleArn = "arn:aws:iam::123456789012:role/ballast"

    private func environment(_ emulator: LoopbackPeer, tokenFile: String, home: String) -> AWSEnvironment {
        AWSEnvironment(variables: [
            "HOME": home,
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_STS": emulator.endpoint.absoluteString,
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_ARN": Self.roleArn,
            "AWS_ROLE_SESSION_NAME": "ballast-test",
        ])
    }

    private func client() throws -> AWSClient {
        AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
    }

    @Test(
        "IRSA: the chain picks web identity, STS gives temporary keys, GetCallerIdentity signed with them names the role"
    )
    func endToEnd() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "eyJhbGciOiJSUzI1NiJ9.projected.token\n")
        let configuration = try AWSConfiguration.load(environment(emulator, tokenFile: tokenFile, home: directory.path))
        let client = try client()
        let chain = CredentialChain(client: client, webIdentityDurationSeconds: 900, now: { Date() })
        let credentials = try chain.refreshingProvider(for: configuration)
        #expect(credentials.provider is WebIdentityCredentials)

        let provided = try await credentials.credentials()
        #expect(provided.source == .webIdentity)
        #expect(provided.credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(provided.credentials.sessionToken != nil)
        let expiration = try #require(provided.expiration)
        #expect(abs(expiration.timeIntervalSinceNow - 900) < 60)

        let sts = try STS(
            configuration: configuration, region: try configuration.region(), client: client, credentials: credentials,
            now: { Date() })
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/ballast/ballast-test")
    }

    @Test("temporary credentials are refreshed a margin before they expire, re-reading the token file each time")
    func refreshBeforeExpiry() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "token-1")
        let start = Date()
        let clock = ManualClock(start)
        let configuration = AWSConfiguration(
            environment: environment(emulator, tokenFile: tokenFile, home: directory.path))
        let webIdentity = try #require(
            try WebIdentityCredentials(
                configuration: configuration, client: try client(), durationSeconds: 900, now: clock.now))
        let counted = CallCounting(wrapped: webIdentity)
        let cache = RefreshingCredentials(provider: counted, refreshMargin: .seconds(300), now: clock.now)

        let first = try await cache.credentials()
        let firstExpiry = try #require(first.expiration)
        clock.set(firstExpiry.addingTimeInterval(-301))
        #expect(try await cache.credentials() == first)
        #expect(counted.calls.current == 1)

        try directory.write("token", "token-2")
        clock.set(firstExpiry.addingTimeInterval(-299))
        let second = try await cache.credentials()
        #expect(counted.calls.current == 2)
        #expect(second.credentials.accessKeyId != first.credentials.accessKeyId)
        let secondExpiry = try #require(second.expiration)
        #expect(secondExpiry >= firstExpiry)

        // An emptied token file proves the file is read at every refresh: within the margin the
        // still-valid keys are served, after the expiry the error comes through.
        try directory.write("token", "")
        clock.set(secondExpiry.addingTimeInterval(-100))
        #expect(try await cache.credentials() == second)
        #expect(counted.calls.current == 3)
        clock.set(secondExpiry.addingTimeInterval(1))
        let error = await #expect(throws: CredentialsError.self) { try await cache.credentials() }
        #expect(error?.kind == .unreadableFile(path: tokenFile, reason: "the token file is empty"))
    }

    @Test("GetCallerIdentity signed with static keys from the environment")
    func callerIdentityWithStaticKeys() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let configuration = AWSConfiguration(
            environment: AWSEnvironment(variables: [
                "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "eu-central-1", "AWS_ENDPOINT_URL": emulator.endpoint.absoluteString,
            ]))
        let client = try client()
        let credentials = try CredentialChain(client: client, now: { Date() }).refreshingProvider(for: configuration)
        let sts = try STS(
            configuration: configuration, region: "eu-central-1", client: client, credentials: credentials,
            now: { Date() })
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn.hasPrefix("arn:aws:sts::123456789012:"))
    }
}

/// What the web identity provider puts on the wire, read by a loopback HTTP server that only
/// records the request and refuses it (no AWS answer is imitated).
@Suite("the AssumeRoleWithWebIdentity request")
struct AssumeRoleWithWebIdentityRequestTests {
    @Test("is an unsigned query POST carrying the token, and the error it ends in does not repeat the token")
    func unsignedRequest() async throws {
        let server = try ScriptedHTTPServer(script: [
            .xmlError(400, code: "InvalidIdentityToken", message: "Incorrect token audience")
        ])
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "secret.jwt.value")
        let configuration = AWSConfiguration(
            environment: AWSEnvironment(variables: [
                "AWS_ENDPOINT_URL": server.url("/").absoluteString, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ballast", "AWS_ROLE_SESSION_NAME": "s",
            ]))
        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let provider = try #require(
            try WebIdentityCredentials(
                configuration: configuration, client: client, now: { Date(timeIntervalSince1970: 0) }))

        let error = await #expect(throws: CredentialsError.self) { try await provider.credentials() }
        guard case .requestFailed(let awsError) = error?.kind else {
            Issue.record("expected requestFailed, got \(String(describing: error))")
            return
        }
        #expect(awsError.code == "InvalidIdentityToken")
        #expect(awsError.operation == "AssumeRoleWithWebIdentity")
        #expect(error?.description.contains("secret.jwt.value") == false)

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(
            body
                == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fballast"
                + "&RoleSessionName=s&WebIdentityToken=secret.jwt.value")
    }
}
