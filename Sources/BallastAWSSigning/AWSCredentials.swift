/// An AWS access key pair, with the session token that temporary credentials carry.
///
/// `description`, `debugDescription` and reflection (`dump`, `print` of a containing value)
/// show the access key id only: the secret and the token never reach a log.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyId: String
    /// The secret access key; it signs, it is never sent.
    public var secretAccessKey: String
    /// The session token of temporary credentials (STS, web identity, instance roles).
    public var sessionToken: String?

    /// Credentials from their parts; `sessionToken` is `nil` for long-term keys.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id, with the secret and the token redacted.
    public var description: String {
        let token = sessionToken == nil ? "nil" : "<redacted>"
        return "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>, sessionToken: \(token))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without the secret or the token, so `dump` cannot print them either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["accessKeyId": accessKeyId, "hasSessionToken": sessionToken != nil],
            displayStyle: .struct
        )
    }
}
