import BallastAWSSigning
import Foundation

/// Credentials as a provider hands them out: the keys, when they expire, and where they came
/// from.
///
/// `description` shows the access key id only (through `AWSCredentials`).
public struct ProvidedCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The keys that sign.
    public var credentials: AWSCredentials
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?
    /// The source that provided them.
    public var source: CredentialSource

    /// Credentials from their parts.
    public init(credentials: AWSCredentials, expiration: Date? = nil, source: CredentialSource) {
        self.credentials = credentials
        self.expiration = expiration
        self.source = source
    }

    /// `ProvidedCredentials(AWSCredentials(accessKeyId: ASIA…, …), from web identity, expiring …)`.
    public var description: String {
        let expiry = expiration.map { ", expiring \(ISO8601Timestamp.format($0))" } ?? ""
        return "ProvidedCredentials(\(credentials), from \(source)\(expiry))"
    }
}
