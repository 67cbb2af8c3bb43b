import BallastAWS
import BallastHTTP
import BallastTestSupport
import Foundation
import Testing

/// The container provider against a small HTTP server on loopback that plays the EKS Pod
/// Identity agent: it answers the credentials JSON and records what it was sent.
@Suite("the container credentials provider")
struct ContainerCredentialsTests {
    static let answer = """
        {"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-session",
         "AccountId":"123456789012","Expiration":"2030-01-01T00:00:00Z"}
        """

    let client: AWSClient
    let directory: TemporaryDirectory

    init() throws {
        client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        directory = try TemporaryDirectory()
    }

    private func provider(_ variables: [String: String]) throws -> ContainerCredentials {
        try #require(try ContainerCredentials(environment: AWSEnvironment(variables: variables), client: client))
    }

    @Test("GETs the full URI with the token file's contents as Authorization, read again on every call")
    func tokenFile() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, Self.answer), .status(200, Self.answer)])
        defer { server.stop() }
        let tokenFile = try directory.write("eks-pod-identity-token", "first-token\n")
        let provider = try provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url("/v1/credentials").absoluteString,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-token",
        ])
        let provided = try await provider.credentials()
        #expect(provided.credentials.accessKeyId == "ASIACONTAINER")
        #expect(provided.credentials.secretAccessKey == "container-secret")
        #expect(provided.credentials.sessionToken == "container-session")
        #expect(provided.expiration == ISO8601Timestamp.parse("2030-01-01T00:00:00Z"))
        #expect(provided.source == .container)

        try directory.write("eks-pod-identity-token", "second-token")
        _ = try await provider.credentials()
        let requests = server.requests
        #expect(requests.map(\.method) == ["GET", "GET"])
        #expect(requests.map(\.target) == ["/v1/credentials", "/v1/credentials"])
        #expect(requests.map { $0.header("Authorization") } == ["first-token", "second-token"])
    }

    @Test("AWS_CONTAINER_AUTHORIZATION_TOKEN is the header when there is no token file; no token, no header")
    func tokenVariable() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, Self.answer), .status(200, Self.answer)])
        defer { server.stop() }
        let uri = server.url("/creds").absoluteString
        _ = try await provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic abc",
        ])
        .credentials()
        _ = try await provider(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri]).credentials()
        #expect(server.requests.map { $0.header("Authorization") } == ["Basic abc", nil])
    }

    @Test("an error answer is a container error that carries the status but never the token")
    func errorAnswer() async throws {
        let server = try ScriptedHTTPServer(script: [
            .status(
                403, #"{"code":"AccessDeniedException","message":"token rejected"}"#,
                headers: [("Content-Type", "application/json")])
        ])
        defer { server.stop() }
        let provider = try provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url("/v1/credentials").absoluteString,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "very-secret-pod-token",
        ])
        let error = await #expect(throws: CredentialsError.self) { try await provider.credentials() }
        #expect(error?.source == .container)
        guard case .requestFailed(let awsError) = error?.kind else {
            Issue.record("expected requestFailed, got \(String(describing: error))")
            return
        }
        #expect(awsError.httpStatus == 403)
        #expect(awsError.code == "AccessDeniedException")
        #expect(error?.description.contains("very-secret-pod-token") == false)
        #expect(!provider.description.contains("very-secret-pod-token"))
    }

    @Test("an answer that is not credentials is an invalid response")
    func badAnswer() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, #"{"AccessKeyId":"ASIA"}"#)])
        defer { server.stop() }
        let provider = try provider(["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url("/").absoluteString])
        let error = await #expect(throws: CredentialsError.self) { try await provider.credentials() }
        #expect(error?.kind == .invalidResponse(reason: "unreadable response: SecretAccessKey: missing"))
    }

    @Test("a token with a line break inside is refused before anything is sent")
    func headerInjection() async throws {
        let server = try ScriptedHTTPServer(script: [])
        defer { server.stop() }
        let tokenFile = try directory.write("token", "abc\r\nX-Injected: 1")
        let provider = try provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url("/").absoluteString,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
        ])
        await #expect(throws: CredentialsError.self) { try await provider.credentials() }
        #expect(server.hits == 0)
    }

    @Test("an unreadable token file is an error naming the file")
    func missingTokenFile() async throws {
        let provider = try provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/nonexistent/token",
        ])
        let error = await #expect(throws: CredentialsError.self) { try await provider.credentials() }
        #expect(error?.description.contains("/nonexistent/token") == true)
    }

    @Test("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI goes to the ECS agent and wins over the full URI")
    func relativeURI() throws {
        let provider = try provider([
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/",
        ])
        #expect(provider.url.absoluteString == "http://169.254.170.2/v2/credentials/abc")
    }

    @Test(
        "plain http only to loopback and the ECS/EKS agents; https anywhere",
        arguments: [
            "http://127.0.0.1:8080/creds", "http://127.3.4.5/", "http://localhost:9/", "http://[::1]:8080/",
            "http://169.254.170.2/v2/credentials", "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials", "https://credentials.example.com/",
        ])
    func allowedHosts(url: String) throws {
        #expect(ContainerEndpointPolicy.refusal(for: try #require(URL(string: url))) == nil)
    }

    @Test(
        "other http hosts and other schemes are refused",
        arguments: [
            "http://credentials.example.com/", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/",
            "http://[fd00:ec2::24]/", "http://169.254.170.3/", "ftp://127.0.0.1/", "http://128.0.0.1/",
        ])
    func refusedHosts(url: String) throws {
        let parsed = try #require(URL(string: url))
        #expect(ContainerEndpointPolicy.refusal(for: parsed) != nil)
        #expect(throws: CredentialsError.self) {
            try ContainerCredentials(url: parsed, authorization: .none, client: client)
        }
    }
}
