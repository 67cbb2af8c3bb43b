import BallastAWSSigning
import Foundation

/// The answer to `GetCallerIdentity`.
public struct GetCallerIdentityOutput: QueryResultDecodable, Hashable {
    /// The account id, `123456789012`.
    public var account: String
    /// The ARN of the caller, `arn:aws:sts::123456789012:assumed-role/ballast/session`.
    public var arn: String
    /// The unique id of the caller.
    public var userId: String

    /// An output from its parts.
    public init(account: String, arn: String, userId: String) {
        self.account = account
        self.arn = arn
        self.userId = userId
    }

    /// Reads `Account`, `Arn` and `UserId` from `GetCallerIdentityResult`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        account = try result.requiredText(at: "Account")
        arn = try result.requiredText(at: "Arn")
        userId = try result.requiredText(at: "UserId")
    }
}

/// The input of `AssumeRoleWithWebIdentity`. `description` leaves out the token.
public struct AssumeRoleWithWebIdentityInput: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The role to assume.
    public var roleArn: String
    /// The session name, shown in the assumed role's ARN and in CloudTrail.
    public var roleSessionName: String
    /// The OIDC token (the projected service account token on EKS). Secret.
    public var webIdentityToken: String
    /// How long the credentials last, 900 s to the role's maximum; AWS's default is an hour.
    public var durationSeconds: Int?
    /// An inline session policy (JSON) that narrows the role's permissions.
    public var policy: String?
    /// Managed session policies that narrow the role's permissions.
    public var policyArns: [String]

    /// An input from its parts.
    public init(
        roleArn: String,
        roleSessionName: String,
        webIdentityToken: String,
        durationSeconds: Int? = nil,
        policy: String? = nil,
        policyArns: [String] = []
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.policyArns = policyArns
    }

    /// The query request; `PolicyArns` flattens to `PolicyArns.member.N.arn`.
    public var queryRequest: QueryRequest {
        var parameters: [String: QueryValue] = [
            "RoleArn": .string(roleArn),
            "RoleSessionName": .string(roleSessionName),
            "WebIdentityToken": .string(webIdentityToken),
        ]
        if let durationSeconds { parameters["DurationSeconds"] = .int(durationSeconds) }
        if let policy { parameters["Policy"] = .string(policy) }
        if !policyArns.isEmpty {
            parameters["PolicyArns"] = .list(policyArns.map { .structure(["arn": .string($0)]) })
        }
        return QueryRequest(action: "AssumeRoleWithWebIdentity", version: STS.apiVersion, parameters: parameters)
    }

    /// The role and session, never the token.
    public var description: String {
        "AssumeRoleWithWebIdentityInput(roleArn: \(roleArn), roleSessionName: \(roleSessionName), webIdentityToken: <redacted>)"
    }

    /// A mirror without the token, so `dump` cannot print it either.
    public var customMirror: Mirror {
        Mirror(self, children: ["roleArn": roleArn, "roleSessionName": roleSessionName], displayStyle: .struct)
    }
}

/// The answer to `AssumeRoleWithWebIdentity`. `description` shows no secret (through
/// `AWSCredentials`).
public struct AssumeRoleWithWebIdentityOutput: QueryResultDecodable, Hashable, CustomStringConvertible {
    /// The temporary credentials.
    public var credentials: AWSCredentials
    /// When they expire.
    public var expiration: Date
    /// The ARN of the assumed role session, `arn:aws:sts::123456789012:assumed-role/ballast/s`.
    public var assumedRoleArn: String?
    /// The `sub` of the token.
    public var subjectFromWebIdentityToken: String?

    /// An output from its parts.
    public init(
        credentials: AWSCredentials,
        expiration: Date,
        assumedRoleArn: String? = nil,
        subjectFromWebIdentityToken: String? = nil
    ) {
        self.credentials = credentials
        self.expiration = expiration
        self.assumedRoleArn = assumedRoleArn
        self.subjectFromWebIdentityToken = subjectFromWebIdentityToken
    }

    /// Reads `Credentials/…`, `AssumedRoleUser/Arn` and `SubjectFromWebIdentityToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        credentials = AWSCredentials(
            accessKeyId: try result.requiredText(at: "Credentials/AccessKeyId"),
            secretAccessKey: try result.requiredText(at: "Credentials/SecretAccessKey"),
            sessionToken: try result.requiredText(at: "Credentials/SessionToken")
        )
        guard let expiration = try result.timestamp(at: "Credentials/Expiration") else {
            throw ResponseDecodingError(path: "\(result.name)/Credentials/Expiration", reason: "missing")
        }
        self.expiration = expiration
        assumedRoleArn = result.text(at: "AssumedRoleUser/Arn")
        subjectFromWebIdentityToken = result.text(at: "SubjectFromWebIdentityToken")
    }

    /// The access key id, expiry and role, never the secret or token.
    public var description: String {
        "AssumeRoleWithWebIdentityOutput(\(credentials), expiration: \(ISO8601Timestamp.format(expiration)), "
            + "assumedRoleArn: \(assumedRoleArn ?? "nil"))"
    }
}
