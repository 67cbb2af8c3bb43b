import BallastAWSSigning
import BallastHTTP
import Foundation

/// Credentials from a container credentials endpoint: the EKS Pod Identity agent
/// (`AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`) or the
/// ECS agent (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, under `http://169.254.170.2`).
///
/// Each call GETs the URL with the `Authorization` header read fresh from the token file (or
/// taken from `AWS_CONTAINER_AUTHORIZATION_TOKEN`); the answer is JSON with `AccessKeyId`,
/// `SecretAccessKey`, `Token` and `Expiration`. Plain `http` is refused except to the hosts
/// `ContainerEndpointPolicy` allows.
public struct ContainerCredentials: CredentialProvider, CustomStringConvertible {
    /// Where the `Authorization` header comes from.
    public enum Authorization: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// No header.
        case none
        /// The contents of this file, read on every call (the agent rotates it).
        case tokenFile(String)
        /// This token. Secret.
        case token(String)

        /// The file name or `<redacted>`, never the token.
        public var description: String {
            switch self {
            case .none: "none"
            case .tokenFile(let path): "tokenFile(\(path))"
            case .token: "token(<redacted>)"
            }
        }

        /// A mirror without the token, so `dump` cannot print it either.
        public var customMirror: Mirror {
            Mirror(self, children: ["authorization": description], displayStyle: .enum)
        }
    }

    /// The URL credentials are fetched from.
    public let url: URL
    /// Where the `Authorization` header comes from.
    public let authorization: Authorization
    private let client: AWSClient

    /// A provider fetching from `url` through `client`.
    ///
    /// Throws `CredentialsError.disallowedEndpoint` when `ContainerEndpointPolicy` refuses `url`.
    public init(url: URL, authorization: Authorization, client: AWSClient) throws(CredentialsError) {
        if let reason = ContainerEndpointPolicy.refusal(for: url) {
            throw CredentialsError(source: .container, .disallowedEndpoint(url: url.absoluteString, reason: reason))
        }
        self.url = url
        self.authorization = authorization
        self.client = client
    }

    /// The provider `environment` sets up, or `nil` when it sets neither URI variable.
    ///
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` wins over `_FULL_URI`, and the token file over
    /// the token, as in botocore. Throws `CredentialsError` when the URL is malformed or refused.
    public init?(environment: AWSEnvironment, client: AWSClient) throws(CredentialsError) {
        let setting: String
        let text: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            setting = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
            text = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            setting = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
            text = full
        } else {
            return nil
        }
        guard let url = URL(string: text), url.host != nil else {
            throw CredentialsError(source: .container, .invalidSetting(name: setting, reason: "is not a URL: \(text)"))
        }
        let authorization: Authorization =
            if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
                .tokenFile(environment.expandingHome(file) ?? file)
            } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
                .token(token)
            } else {
                .none
            }
        try self.init(url: url, authorization: authorization, client: client)
    }

    /// Fetches credentials from the endpoint.
    ///
    /// Throws `CredentialsError` when the token cannot be read, the endpoint fails, or its answer
    /// is not credentials.
    public func credentials() async throws -> ProvidedCredentials {
        var headers = [HTTPHeader("Accept", "application/json")]
        if let token = try authorizationToken() { headers.append(HTTPHeader("Authorization", token)) }
        let request = HTTPRequest(method: "GET", url: url, headers: headers)
        let response: HTTPResponse
        do {
            response = try await client.send(service: "container credentials", operation: "GET") { _ in request }
        } catch let error as AWSError {
            throw CredentialsError(source: .container, .requestFailed(error))
        }
        let answer: ContainerCredentialsAnswer
        do {
            answer = try AWSJSONCoding.decode(ContainerCredentialsAnswer.self, from: response.body)
        } catch {
            throw CredentialsError(source: .container, .invalidResponse(reason: error.description))
        }
        var expiration: Date?
        if let text = answer.expiration {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw CredentialsError(
                    source: .container, .invalidResponse(reason: "Expiration is not an ISO 8601 timestamp"))
            }
            expiration = date
        }
        return ProvidedCredentials(
            credentials: AWSCredentials(
                accessKeyId: answer.accessKeyId, secretAccessKey: answer.secretAccessKey, sessionToken: answer.token),
            expiration: expiration,
            source: .container
        )
    }

    /// The token for the `Authorization` header; a token with a line break is refused (it would
    /// inject a header).
    private func authorizationToken() throws(CredentialsError) -> String? {
        let token: String
        switch authorization {
        case .none:
            return nil
        case .token(let value):
            token = value
        case .tokenFile(let path):
            do {
                token = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialsError(
                    source: .container, .unreadableFile(path: path, reason: (error as NSError).localizedDescription))
            }
        }
        guard !token.contains(where: \.isNewline) else {
            throw CredentialsError(
                source: .container,
                .invalidSetting(name: "the container authorization token", reason: "contains a line break"))
        }
        return token.isEmpty ? nil : token
    }

    /// The URL and where the token comes from, never the token.
    public var description: String {
        "ContainerCredentials(url: \(url.absoluteString), authorization: \(authorization))"
    }
}

/// The JSON a container credentials endpoint answers with.
private struct ContainerCredentialsAnswer: Decodable {
    var accessKeyId: String
    var secretAccessKey: String
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
    }
}
