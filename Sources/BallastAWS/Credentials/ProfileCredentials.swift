import BallastAWSSigning
import Foundation

/// Static credentials from a profile of the shared files: `aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`.
///
/// The profile is `AWS_PROFILE` or `default`; the credentials file's keys win over the config
/// file's. Not implemented, and reported as `.unsupported` rather than skipped, because the AWS
/// SDKs would use them before (or instead of) static keys: assume-role profiles (`role_arn`
/// with `source_profile` or `credential_source`), SSO (`sso_session`, `sso_start_url`), and
/// `credential_process` (only when the profile has no static keys, as botocore orders it).
public struct ProfileCredentials: CredentialProvider, CustomStringConvertible {
    /// The profile the keys came from.
    public let profileName: String
    private let provided: ProvidedCredentials

    /// The credentials of the profile `configuration` selects, or `nil` when there is no such
    /// profile (and `AWS_PROFILE` is unset) or it has no access key id.
    ///
    /// Throws `CredentialsError` when `AWS_PROFILE` names a missing profile, the access key id
    /// has no secret, or the profile needs an unsupported feature.
    public init?(configuration: AWSConfiguration) throws(CredentialsError) {
        let selected: SharedConfigSection?
        do {
            selected = try configuration.shared.selectedProfile(in: configuration.environment)
        } catch {
            throw CredentialsError(source: .profile, .configuration(error))
        }
        guard let selected else { return nil }
        try self.init(profile: selected)
    }

    /// The credentials of `profile`, or `nil` when it has none.
    ///
    /// Throws `CredentialsError` when the access key id has no secret or the profile needs an
    /// unsupported feature.
    public init?(profile: SharedConfigSection) throws(CredentialsError) {
        if profile["role_arn"] != nil {
            throw CredentialsError(
                source: .profile, .unsupported(profile: profile.name, feature: "role_arn (assume role)"))
        }
        if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
            throw CredentialsError(source: .profile, .unsupported(profile: profile.name, feature: "SSO"))
        }
        guard let accessKeyId = profile["aws_access_key_id"] else {
            if profile["credential_process"] != nil {
                throw CredentialsError(
                    source: .profile, .unsupported(profile: profile.name, feature: "credential_process"))
            }
            return nil
        }
        guard let secret = profile["aws_secret_access_key"] else {
            throw CredentialsError(
                source: .profile,
                .incomplete(
                    present: "aws_access_key_id in profile \(profile.name)",
                    missing: "aws_secret_access_key"))
        }
        profileName = profile.name
        provided = ProvidedCredentials(
            credentials: AWSCredentials(
                accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: profile["aws_session_token"]),
            source: .profile
        )
    }

    /// The credentials read when the provider was made.
    public func credentials() async throws -> ProvidedCredentials { provided }

    /// `ProfileCredentials(dev: AKIA…)`, without the secret.
    public var description: String { "ProfileCredentials(\(profileName): \(provided.credentials.accessKeyId))" }
}
