import Crypto
import Foundation

/// Signs requests to one AWS service in one region with AWS Signature Version 4.
///
/// Pure: it reads no clock and sends nothing. The caller passes the signing time and sends the
/// headers or URL it returns.
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts every string to sign and `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The longest validity of a presigned URL AWS accepts, seven days.
    public static let maximumExpiry = 604_800

    /// The credentials that sign.
    public let credentials: AWSCredentials
    /// The region, `us-east-1`.
    public let region: String
    /// The signing name of the service, `s3`, `lambda`, `cloudformation`.
    public let service: String
    /// How the service wants paths and payload hashes; chosen from `service` by default.
    public let rules: ServiceRules

    /// A signer for `service` in `region`; `rules` defaults to `ServiceRules.forService(service)`.
    public init(credentials: AWSCredentials, region: String, service: String, rules: ServiceRules? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.rules = rules ?? .forService(service)
    }

    /// The signing key for `date`'s day; pass it back to `sign` to skip deriving it per request.
    public func signingKey(for date: SigningDate) -> SigningKey {
        SigningKey(credentials: credentials, day: String(date.day), region: region, service: service)
    }

    /// Signs `request` at `date` with an `Authorization` header.
    ///
    /// Any `Authorization`, `X-Amz-Date`, and (when set here) `X-Amz-Security-Token` and
    /// `X-Amz-Content-Sha256` headers in `request` are replaced. `signingKey` is used when it was
    /// derived for the same access key, day, region and service.
    public func sign(_ request: SigningRequest, date: Date, signingKey: SigningKey? = nil) -> SignedRequest {
        let signingDate = SigningDate(date)
        let payloadHash = request.payload.hash
        var added = [SigningRequest.Header("X-Amz-Date", signingDate.timestamp)]
        if let token = credentials.sessionToken {
            added.append(.init("X-Amz-Security-Token", token))
        }
        if rules.sendsContentSha256 || request.payload == .unsigned {
            added.append(.init("X-Amz-Content-Sha256", payloadHash))
        }
        var replaced: Set<String> = Set(added.map { $0.name.lowercased() })
        replaced.insert("authorization")
        var headers = request.headers.filter { !replaced.contains($0.name.lowercased()) }
        headers.append(contentsOf: added)

        let canonical = CanonicalRequest(
            method: request.method,
            path: request.path,
            queryItems: request.queryItems,
            headers: headers,
            payloadHash: payloadHash,
            rules: rules
        )
        let key = usableKey(signingKey, for: signingDate)
        let stringToSign = stringToSign(canonical, date: signingDate)
        let signature = key.signature(for: stringToSign)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(signingDate)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        headers.append(.init("Authorization", authorization))
        return SignedRequest(
            headers: headers,
            authorization: authorization,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// Signs `request` at `date` in its query string, valid for `expires` seconds.
    ///
    /// The payload hash is `UNSIGNED-PAYLOAD` for S3 and the request's payload hash otherwise.
    /// `expires` must be within 1…`maximumExpiry`; a value outside is a programming error.
    public func presign(
        _ request: SigningRequest,
        date: Date,
        expires: Int,
        signingKey: SigningKey? = nil
    ) -> PresignedRequest {
        precondition((1...Self.maximumExpiry).contains(expires), "presigned URLs expire within 1...604800 seconds")
        let signingDate = SigningDate(date)
        let headers = request.headers.filter { $0.name.lowercased() != "authorization" }
        let signedHeaders = Self.signedHeaderNames(headers)
        var queryItems = request.queryItems
        queryItems.append(.init("X-Amz-Algorithm", Self.algorithm))
        queryItems.append(.init("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(signingDate))"))
        queryItems.append(.init("X-Amz-Date", signingDate.timestamp))
        queryItems.append(.init("X-Amz-Expires", String(expires)))
        queryItems.append(.init("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken {
            queryItems.append(.init("X-Amz-Security-Token", token))
        }

        let canonical = CanonicalRequest(
            method: request.method,
            path: request.path,
            queryItems: queryItems,
            headers: headers,
            payloadHash: rules.sendsContentSha256 ? SigningPayload.unsignedHash : request.payload.hash,
            rules: rules
        )
        let key = usableKey(signingKey, for: signingDate)
        let stringToSign = stringToSign(canonical, date: signingDate)
        let signature = key.signature(for: stringToSign)
        return PresignedRequest(
            method: request.method,
            path: request.path,
            query: "\(canonical.query)&X-Amz-Signature=\(signature)",
            headers: headers,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// `day/region/service/aws4_request`.
    func scope(_ date: SigningDate) -> String {
        "\(date.day)/\(region)/\(service)/aws4_request"
    }

    func stringToSign(_ canonical: CanonicalRequest, date: SigningDate) -> String {
        let hash = Hex.lowercase(SHA256.hash(data: Array(canonical.text.utf8)))
        return "\(Self.algorithm)\n\(date.timestamp)\n\(scope(date))\n\(hash)"
    }

    private func usableKey(_ key: SigningKey?, for date: SigningDate) -> SigningKey {
        if let key, key.accessKeyId == credentials.accessKeyId, key.day == date.day, key.region == region,
            key.service == service
        {
            return key
        }
        return signingKey(for: date)
    }

    /// The `SignedHeaders` list of `headers`, computed the way the canonical request does.
    static func signedHeaderNames(_ headers: [SigningRequest.Header]) -> String {
        var names = Set<[UInt8]>()
        for header in headers {
            let name = header.name.utf8.map(CanonicalRequest.asciiLowercased)
            if !CanonicalRequest.unsignedHeaderNames.contains(name) { names.insert(name) }
        }
        let sorted = names.sorted { $0.lexicographicallyPrecedes($1) }
        return sorted.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ";")
    }
}
