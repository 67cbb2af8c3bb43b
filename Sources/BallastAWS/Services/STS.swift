import Foundation

/// AWS Security Token Service over the query protocol: who the caller is, and credentials for a
/// role in exchange for a web identity token.
public struct STS: AWSServiceClient {
    /// The API version every request names.
    public static let apiVersion = "2011-06-15"
    /// AWS STS's names.
    public static let service = AWSService.sts

    /// Where and how requests go.
    public var connection: ServiceConnection

    /// A client over `connection`, whose service should be `.sts`.
    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    /// A client for the endpoint `configuration` gives STS in `region` (the global endpoint and
    /// `us-east-1` signing when `region` is `nil`).
    ///
    /// Throws `ConfigurationError` when a configured endpoint is malformed.
    public init(
        configuration: AWSConfiguration,
        region: String?,
        client: AWSClient,
        credentials: (any CredentialProvider)?,
        now: @escaping @Sendable () -> Date
    ) throws(ConfigurationError) {
        self.init(
            connection: try ServiceConnection(
                service: .sts, configuration: configuration, region: region, client: client,
                credentials: credentials, now: now))
    }

    /// The account, user id and ARN of the credentials the call is signed with.
    ///
    /// Throws `AWSError`, `CredentialsError`, or `ResponseDecodingError`.
    public func getCallerIdentity() async throws -> GetCallerIdentityOutput {
        try await call(QueryRequest(action: "GetCallerIdentity", version: Self.apiVersion), signed: true)
    }

    /// Temporary credentials for `input.roleArn` in exchange for a web identity token. The call
    /// is not signed: the token is the proof.
    ///
    /// Throws `AWSError` or `ResponseDecodingError`.
    public func assumeRoleWithWebIdentity(
        _ input: AssumeRoleWithWebIdentityInput
    ) async throws -> AssumeRoleWithWebIdentityOutput {
        try await call(input.queryRequest, signed: false)
    }

    private func call<Output: QueryResultDecodable>(_ request: QueryRequest, signed: Bool) async throws -> Output {
        try await connection.send(operation: request.action, request.wireRequest, signed: signed) { response in
            try decoding(request.action) {
                try QueryResponse.decode(Output.self, action: request.action, from: response.body)
            }
        }
    }
}
