import Crypto

/// The key that signs one day's requests to one service in one region:
/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
///
/// A value, so an adapter that signs many requests may keep it for the day it was derived for.
public struct SigningKey: Sendable {
    /// The access key id, day (`yyyyMMdd`), region and service the key was derived for.
    public let accessKeyId: String, day: String, region: String, service: String
    /// The derived key's bytes (`SymmetricKey` is not `Sendable` in swift-crypto 3).
    let bytes: [UInt8]

    /// Derives the key for `day` (`yyyyMMdd`), `region` and `service` from `credentials`' secret.
    public init(credentials: AWSCredentials, day: String, region: String, service: String) {
        self.accessKeyId = credentials.accessKeyId
        self.day = day
        self.region = region
        self.service = service
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        self.bytes = key.withUnsafeBytes { Array($0) }
    }

    /// The lowercase hex HMAC-SHA256 of `stringToSign`: a request's signature.
    public func signature(for stringToSign: String) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: bytes)))
    }
}
