import BallastModel
import Crypto
import Foundation

/// The signature a generic webhook's body carries, as GitHub signs its own webhooks:
/// `X-Ballast-Signature-256: sha256=<hex HMAC-SHA256 of the body under the shared secret>`.
public enum NotificationSignature {
    /// The header's name.
    public static let header = "X-Ballast-Signature-256"

    /// The header's value for `body` under `secret`.
    public static func value(body: Data, secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + Hex.lowercase(mac)
    }
}
