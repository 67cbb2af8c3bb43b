/// A response that came back 2xx but could not be read as the operation's output.
///
/// Names where in the response the problem is, never the value found there: a response may
/// carry secrets (a session token, a secret key).
public struct ResponseDecodingError: Error, Sendable, Hashable {
    /// The service, `STS`; empty while a pure decoder has not been told.
    public var service: String
    /// The operation, `AssumeRoleWithWebIdentity`; empty while a pure decoder has not been told.
    public var operation: String
    /// The element path or JSON key at fault, `AssumeRoleWithWebIdentityResult/Credentials/Expiration`.
    public var path: String
    /// What is wrong, `missing`, `not an ISO 8601 timestamp`, `malformed XML at line 3: …`.
    public var reason: String

    /// An error from its parts.
    public init(service: String = "", operation: String = "", path: String = "", reason: String) {
        self.service = service
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// The same error, naming the call it happened in.
    public func during(service: String, operation: String) -> ResponseDecodingError {
        var copy = self
        copy.service = service
        copy.operation = operation
        return copy
    }
}

extension ResponseDecodingError: CustomStringConvertible {
    /// `STS GetCallerIdentity: unreadable response: GetCallerIdentityResult/Arn: missing`.
    public var description: String {
        let call = [service, operation].filter { !$0.isEmpty }.joined(separator: " ")
        let location = path.isEmpty ? "" : "\(path): "
        return (call.isEmpty ? "" : "\(call): ") + "unreadable response: \(location)\(reason)"
    }
}
