/// A request signed with an `Authorization` header, and the steps that led to its signature.
public struct SignedRequest: Sendable, Hashable {
    /// The headers to send: the request's own, then `X-Amz-Date`, `X-Amz-Security-Token` and
    /// `X-Amz-Content-Sha256` where they apply, then `Authorization`.
    public let headers: [SigningRequest.Header]
    /// The `Authorization` header's value.
    public let authorization: String
    /// The canonical request the signature covers; for diagnosing `SignatureDoesNotMatch`.
    public let canonicalRequest: CanonicalRequest
    /// The string to sign: algorithm, timestamp, credential scope, hash of the canonical request.
    public let stringToSign: String
    /// The hex signature.
    public let signature: String
}
