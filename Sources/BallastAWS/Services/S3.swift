import BallastAWSSigning
import BallastHTTP
import Foundation

/// Amazon S3 over REST-XML: the bucket and objects that hold CloudFormation templates too large
/// to send inline (over 51,200 bytes), in `ballast-templates-<account>-<region>`, versioned,
/// each object encrypted with SSE-S3.
///
/// Requests are signed with S3's rules (the path signed as sent, `X-Amz-Content-Sha256` with
/// the body's hash), which `BallastAWSSigning` applies for the signing name `s3`.
public struct S3: AWSServiceClient {
    /// The XML namespace of S3's request bodies.
    static let xmlNamespace = "http://s3.amazonaws.com/doc/2006-03-01/"
    /// Amazon S3's names.
    public static let service = AWSService.s3

    /// Where and how requests go; its region is the one buckets are created in.
    public var connection: ServiceConnection
    /// Whether the bucket goes in the path or the host name.
    public var addressingStyle: S3AddressingStyle

    /// A client over `connection` addressing buckets in the host name, as AWS's own endpoints
    /// want.
    public init(connection: ServiceConnection) {
        self.init(connection: connection, addressingStyle: .virtualHosted)
    }

    /// A client over `connection`, whose service should be `.s3`.
    public init(connection: ServiceConnection, addressingStyle: S3AddressingStyle) {
        self.connection = connection
        self.addressingStyle = addressingStyle
    }

    /// A client for the endpoint `configuration` gives S3 in `region`: path-style for a
    /// configured endpoint (`AWS_ENDPOINT_URL`, an emulator), virtual-hosted for AWS's own.
    ///
    /// Throws `ConfigurationError` when a configured endpoint is malformed.
    public init(
        configuration: AWSConfiguration,
        region: String,
        client: AWSClient,
        credentials: (any CredentialProvider)?,
        now: @escaping @Sendable () -> Date
    ) throws(ConfigurationError) {
        let configured = try EndpointResolver.configuredEndpoint(
            for: .s3, environment: configuration.environment, shared: configuration.shared)
        self.init(
            connection: try ServiceConnection(
                service: .s3, configuration: configuration, region: region, client: client,
                credentials: credentials, now: now),
            addressingStyle: configured == nil ? .virtualHosted : .path)
    }

    /// The name of the bucket Ballast keeps large templates in, `ballast-templates-123456789012-eu-central-1`.
    public static func templateBucketName(account: String, region: String) -> String {
        "ballast-templates-\(account)-\(region)"
    }

    // MARK: Buckets

    /// Creates `bucket` in the connection's region (with a `LocationConstraint` outside
    /// us-east-1).
    ///
    /// Throws `AWSError` (`s3ErrorCode` `.bucketAlreadyOwnedByYou` when the caller has it
    /// already, outside us-east-1; `.bucketAlreadyExists` when another account does),
    /// `CredentialsError` or `ConfigurationError`.
    public func createBucket(_ bucket: String) async throws {
        var body = Data()
        var headers: [HTTPHeader] = []
        if connection.region != "us-east-1" {
            body = Data(
                """
                <CreateBucketConfiguration xmlns="\(Self.xmlNamespace)">\
                <LocationConstraint>\(Self.escaped(connection.region))</LocationConstraint>\
                </CreateBucketConfiguration>
                """.utf8)
            headers.append(HTTPHeader("Content-Type", "application/xml"))
        }
        try await send("CreateBucket", method: "PUT", bucket: bucket, headers: headers, body: body)
    }

    /// Turns versioning on (`enabled`) or suspends it for `bucket`.
    ///
    /// Throws `AWSError` (`.noSuchBucket`), `CredentialsError` or `ConfigurationError`.
    public func putBucketVersioning(_ bucket: String, enabled: Bool = true) async throws {
        let body = Data(
            """
            <VersioningConfiguration xmlns="\(Self.xmlNamespace)">\
            <Status>\(enabled ? "Enabled" : "Suspended")</Status>\
            </VersioningConfiguration>
            """.utf8)
        try await send(
            "PutBucketVersioning", method: "PUT", bucket: bucket, query: [.init("versioning", "")],
            headers: [HTTPHeader("Content-Type", "application/xml")] + Self.checksumHeaders(body), body: body)
    }

    /// Creates `bucket` unless the caller owns it already, and turns its versioning on: the
    /// template bucket's set-up, safe to repeat.
    ///
    /// Throws as `createBucket` (except for a bucket the caller owns) and `putBucketVersioning`.
    public func ensureVersionedBucket(_ bucket: String) async throws {
        do {
            try await createBucket(bucket)
        } catch let error as AWSError where error.s3ErrorCode == .bucketAlreadyOwnedByYou {
            // Already there: only make sure of the versioning.
        }
        try await putBucketVersioning(bucket, enabled: true)
    }

    // MARK: Objects

    /// Writes an object and returns its entity tag and version.
    ///
    /// Throws `AWSError` (`.noSuchBucket`), `CredentialsError` or `ConfigurationError`.
    public func putObject(_ input: PutObjectInput) async throws -> PutObjectOutput {
        var headers: [HTTPHeader] = []
        if let contentType = input.contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        if let encryption = input.serverSideEncryption {
            headers.append(HTTPHeader("x-amz-server-side-encryption", encryption.rawValue))
        }
        let response = try await send(
            "PutObject", method: "PUT", bucket: input.bucket, key: input.key, headers: headers, body: input.body)
        return PutObjectOutput(headers: response.headers)
    }

    /// The bytes and metadata of `key` in `bucket` (the current version, or `versionId`).
    ///
    /// Throws `AWSError` (`.noSuchKey`, `.noSuchBucket`), `CredentialsError`,
    /// `ConfigurationError` or `ResponseDecodingError`.
    public func getObject(bucket: String, key: String, versionId: String? = nil) async throws -> S3Object {
        let operation = "GetObject"
        let response = try await send(
            operation, method: "GET", bucket: bucket, key: key, query: versionId.map { [.init("versionId", $0)] } ?? [])
        do {
            return S3Object(body: response.body, metadata: try S3ObjectMetadata(headers: response.headers))
        } catch {
            throw error.during(service: Self.serviceName, operation: operation)
        }
    }

    /// The metadata of `key` in `bucket` (the current version, or `versionId`), or `nil` when S3
    /// answers 404. Without `s3:ListBucket` AWS answers 403 for a missing key: that is an error.
    ///
    /// Throws `AWSError`, `CredentialsError`, `ConfigurationError` or `ResponseDecodingError`.
    public func headObject(bucket: String, key: String, versionId: String? = nil) async throws -> S3ObjectMetadata? {
        let operation = "HeadObject"
        let response: HTTPResponse
        do {
            response = try await send(
                operation, method: "HEAD", bucket: bucket, key: key,
                query: versionId.map { [.init("versionId", $0)] } ?? [])
        } catch let error as AWSError where error.httpStatus == 404 {
            return nil
        }
        do {
            return try S3ObjectMetadata(headers: response.headers)
        } catch {
            throw error.during(service: Self.serviceName, operation: operation)
        }
    }

    /// The https (or the emulator's http) URL of `key` in `bucket`, in this client's addressing
    /// style: what CloudFormation's `TemplateURL` takes.
    ///
    /// Throws `ConfigurationError` when the endpoint has no host.
    public func objectURL(bucket: String, key: String) throws(ConfigurationError) -> URL {
        let (endpoint, path) = try location(bucket: bucket, key: key)
        guard let url = WireRequest(method: "GET", path: path).url(endpoint: endpoint) else {
            throw ConfigurationError(.invalidEndpoint(setting: "S3 endpoint", value: endpoint.absoluteString))
        }
        return url
    }

    // MARK: Sending

    /// The endpoint and path of `bucket` (and `key`) in this client's addressing style.
    private func location(bucket: String, key: String?) throws(ConfigurationError) -> (URL, String) {
        let keyPath = key.map { "/" + URIEncoding.encodePath($0) } ?? ""
        if addressingStyle == .virtualHosted, Self.isDNSLabel(bucket),
            var components = URLComponents(url: connection.endpoint, resolvingAgainstBaseURL: false),
            let host = components.host, !host.isEmpty
        {
            components.host = "\(bucket).\(host)"
            guard let endpoint = components.url else {
                throw ConfigurationError(
                    .invalidEndpoint(setting: "S3 endpoint", value: connection.endpoint.absoluteString))
            }
            return (endpoint, keyPath.isEmpty ? "/" : keyPath)
        }
        return (connection.endpoint, "/" + URIEncoding.encodeComponent(bucket) + keyPath)
    }

    @discardableResult
    private func send(
        _ operation: String,
        method: String,
        bucket: String,
        key: String? = nil,
        query: [WireRequest.QueryItem] = [],
        headers: [HTTPHeader] = [],
        body: Data = Data()
    ) async throws -> HTTPResponse {
        let (endpoint, path) = try location(bucket: bucket, key: key)
        var connection = connection
        connection.endpoint = endpoint
        return try await connection.send(
            operation: operation, WireRequest(method: method, path: path, query: query, headers: headers, body: body))
    }

    /// A bucket name that can be the first label of a host name (no dots, lower case), so that
    /// virtual-hosted addressing keeps TLS certificates valid.
    private static func isDNSLabel(_ bucket: String) -> Bool {
        (3...63).contains(bucket.utf8.count)
            && bucket.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
            && bucket.first != "-" && bucket.last != "-"
    }

    /// `x-amz-checksum-sha256` for a body S3 requires an integrity checksum on
    /// (`PutBucketVersioning`), in place of `Content-MD5`.
    private static func checksumHeaders(_ body: Data) -> [HTTPHeader] {
        let hex = Array(SigningPayload.data(body).hash.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        func nibble(_ character: UInt8) -> UInt8 {
            character >= 0x61 ? character - 0x61 + 10 : character - 0x30
        }
        var index = 0
        while index + 1 < hex.count {
            bytes.append(nibble(hex[index]) << 4 | nibble(hex[index + 1]))
            index += 2
        }
        return [
            HTTPHeader("x-amz-sdk-checksum-algorithm", "SHA256"),
            HTTPHeader("x-amz-checksum-sha256", Data(bytes).base64EncodedString()),
        ]
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
