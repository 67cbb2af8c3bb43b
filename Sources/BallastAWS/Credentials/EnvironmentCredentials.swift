import BallastAWSSigning
import Foundation

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, with
/// `AWS_CREDENTIAL_EXPIRATION` when they are temporary.
///
/// As botocore: an access key id without a secret is an error that stops the chain; a secret
/// (or a token) without an access key id means the source is not configured.
public struct EnvironmentCredentials: CredentialProvider, CustomStringConvertible {
    private let provided: ProvidedCredentials

    /// The credentials `environment` holds, or `nil` when it sets no `AWS_ACCESS_KEY_ID`.
    ///
    /// Throws `CredentialsError` when the access key id is set without the secret, or the
    /// expiration is not an ISO 8601 timestamp.
    public init?(environment: AWSEnvironment) throws(CredentialsError) {
        guard let accessKeyId = environment["AWS_ACCESS_KEY_ID"] else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw CredentialsError(
                source: .environment, .incomplete(present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY"))
        }
        var expiration: Date?
        if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw CredentialsError(
                    source: .environment,
                    .invalidSetting(name: "AWS_CREDENTIAL_EXPIRATION", reason: "is not an ISO 8601 timestamp: \(text)"))
            }
            expiration = date
        }
        provided = ProvidedCredentials(
            credentials: AWSCredentials(
                accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"]),
            expiration: expiration,
            source: .environment
        )
    }

    /// The credentials read when the provider was made.
    public func credentials() async throws -> ProvidedCredentials { provided }

    /// `EnvironmentCredentials(AKIA…)`, without the secret.
    public var description: String { "EnvironmentCredentials(\(provided.credentials.accessKeyId))" }
}
