import Foundation

/// A request signed in its query string (a presigned URL), usable without the credentials
/// until it expires.
public struct PresignedRequest: Sendable, Hashable {
    /// The HTTP method the URL is valid for.
    public let method: String
    /// The path, percent-encoded as in the request.
    public let path: String
    /// The percent-encoded query: the request's parameters and the `X-Amz-*` ones, sorted, then
    /// `X-Amz-Signature`.
    public let query: String
    /// Headers the caller must send with the URL: every signed header, `Host` among them.
    public let headers: [SigningRequest.Header]
    /// The canonical request the signature covers.
    public let canonicalRequest: CanonicalRequest
    /// The string to sign.
    public let stringToSign: String
    /// The hex signature, also in `query` as `X-Amz-Signature`.
    public let signature: String

    /// `path?query`, the request target.
    public var target: String { "\(path)?\(query)" }

    /// The full URL, with the host from the `Host` header; `nil` without one.
    public func url(scheme: String = "https") -> URL? {
        guard let host = headers.first(where: { $0.name.lowercased() == "host" })?.value else { return nil }
        return URL(string: "\(scheme)://\(host)\(target)")
    }
}
