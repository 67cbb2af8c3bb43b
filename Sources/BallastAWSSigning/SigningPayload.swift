import Crypto
import Foundation

/// What a request's signature says about its body.
public enum SigningPayload: Sendable, Hashable {
    /// The body's bytes; the signature covers their SHA-256.
    case bytes([UInt8])
    /// The body is not signed: the payload hash is `UNSIGNED-PAYLOAD` (S3 over TLS, presigned URLs).
    case unsigned
    /// The hex SHA-256 of the body, computed elsewhere (a streamed file).
    case precomputedHash(String)

    /// An empty body.
    public static let empty = SigningPayload.bytes([])

    /// A body held in `Data`.
    public static func data(_ data: Data) -> SigningPayload { .bytes([UInt8](data)) }

    /// The lowercase hex SHA-256 of the empty string, the hash of every request without a body.
    public static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The literal that stands for the hash of an unsigned body.
    public static let unsignedHash = "UNSIGNED-PAYLOAD"

    /// The value of the canonical request's last line and of `X-Amz-Content-Sha256`.
    public var hash: String {
        switch self {
        case .bytes(let bytes):
            bytes.isEmpty ? Self.emptyHash : Hex.lowercase(SHA256.hash(data: bytes))
        case .unsigned:
            Self.unsignedHash
        case .precomputedHash(let hash):
            hash
        }
    }
}
