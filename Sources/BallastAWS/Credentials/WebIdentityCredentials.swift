import Foundation

/// Credentials for a role, from STS `AssumeRoleWithWebIdentity` with an OIDC token read from a
/// file: how a pod on EKS gets credentials with IRSA.
///
/// The token file is read again on every call (the kubelet rotates it). Settings come from
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`, each falling back
/// to `web_identity_token_file`, `role_arn` and `role_session_name` of the selected profile, as
/// botocore reads them. A token file without a role ARN is an error; a role ARN without a token
/// file means the source is not configured. The call is not signed. Wrap the provider in
/// `RefreshingCredentials` so it is called only when the credentials near their expiry.
public struct WebIdentityCredentials: CredentialProvider, CustomStringConvertible {
    /// The file holding the token.
    public let tokenFile: String
    /// The role to assume.
    public let roleArn: String
    /// The session name: `AWS_ROLE_SESSION_NAME`, or `ballast-` and the time the provider was made.
    public let sessionName: String
    /// How long each set of credentials lasts; `nil` for STS's default of an hour.
    public let durationSeconds: Int?
    private let sts: STS

    /// A provider for the given settings, calling `sts` (whose credentials are not used).
    public init(tokenFile: String, roleArn: String, sessionName: String, durationSeconds: Int? = nil, sts: STS) {
        self.tokenFile = tokenFile
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.sts = sts
    }

    /// The provider `configuration` sets up, or `nil` when no token file is configured.
    ///
    /// STS is reached at the endpoint `configuration` gives it (`AWS_ENDPOINT_URL_STS`, …) in the
    /// configured region, or globally without one. `now` names a generated session. Throws
    /// `CredentialsError` when the token file is set without a role ARN, or the configuration
    /// is broken.
    public init?(
        configuration: AWSConfiguration,
        client: AWSClient,
        durationSeconds: Int? = nil,
        now: @escaping @Sendable () -> Date
    ) throws(CredentialsError) {
        let environment = configuration.environment
        // A missing named profile is reported by the profile source, not here.
        let profile = (try? configuration.shared.selectedProfile(in: environment)) ?? nil
        guard let rawPath = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] ?? profile?["web_identity_token_file"] else {
            return nil
        }
        guard let roleArn = environment["AWS_ROLE_ARN"] ?? profile?["role_arn"] else {
            throw CredentialsError(
                source: .webIdentity, .incomplete(present: "AWS_WEB_IDENTITY_TOKEN_FILE", missing: "AWS_ROLE_ARN"))
        }
        let sts: STS
        do {
            sts = try STS(
                configuration: configuration, region: try configuration.region(), client: client, credentials: nil,
                now: now)
        } catch {
            throw CredentialsError(source: .webIdentity, .configuration(error))
        }
        let sessionName =
            environment["AWS_ROLE_SESSION_NAME"] ?? profile?["role_session_name"]
            ?? "ballast-\(Int64(now().timeIntervalSince1970 * 1000))"
        self.init(
            tokenFile: environment.expandingHome(rawPath) ?? rawPath, roleArn: roleArn, sessionName: sessionName,
            durationSeconds: durationSeconds, sts: sts)
    }

    /// Reads the token file and exchanges the token for credentials.
    ///
    /// Throws `CredentialsError` when the file cannot be read or is empty, STS refuses, or its
    /// answer cannot be read.
    public func credentials() async throws -> ProvidedCredentials {
        let token = try readToken()
        let input = AssumeRoleWithWebIdentityInput(
            roleArn: roleArn, roleSessionName: sessionName, webIdentityToken: token, durationSeconds: durationSeconds)
        let output: AssumeRoleWithWebIdentityOutput
        do {
            output = try await sts.assumeRoleWithWebIdentity(input)
        } catch let error as AWSError {
            throw CredentialsError(source: .webIdentity, .requestFailed(error))
        } catch let error as ResponseDecodingError {
            throw CredentialsError(source: .webIdentity, .invalidResponse(reason: error.description))
        }
        return ProvidedCredentials(credentials: output.credentials, expiration: output.expiration, source: .webIdentity)
    }

    private func readToken() throws(CredentialsError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: tokenFile))
        } catch {
            throw CredentialsError(
                source: .webIdentity, .unreadableFile(path: tokenFile, reason: (error as NSError).localizedDescription))
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialsError(
                source: .webIdentity, .unreadableFile(path: tokenFile, reason: "the token file is empty"))
        }
        return token
    }

    /// The role, session and token file, never the token.
    public var description: String {
        "WebIdentityCredentials(roleArn: \(roleArn), sessionName: \(sessionName), tokenFile: \(tokenFile))"
    }
}
