import BallastHTTP
import Foundation

/// How S3 requests name their bucket: in the path (`http://127.0.0.1:4566/bucket/key`, what
/// emulators and custom endpoints need) or in the host name
/// (`https://bucket.s3.eu-central-1.amazonaws.com/key`, what AWS prefers).
public enum S3AddressingStyle: Sendable, Hashable {
    /// `endpoint/bucket/key`.
    case path
    /// `bucket.endpoint-host/key`; buckets whose names are not one DNS label (dots, upper case)
    /// fall back to path style.
    case virtualHosted
}

/// The server-side encryption S3 applies to an object.
public struct ServerSideEncryption: RawRepresentable, Sendable, Hashable {
    /// The value of `x-amz-server-side-encryption`.
    public var rawValue: String
    /// An encryption from its header value.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// S3-managed keys (SSE-S3), what Ballast's template bucket uses.
    public static let aes256 = ServerSideEncryption(rawValue: "AES256")
    /// KMS keys (SSE-KMS).
    public static let kms = ServerSideEncryption(rawValue: "aws:kms")
}

/// The input of `PutObject`.
public struct PutObjectInput: Sendable, Hashable {
    /// The bucket.
    public var bucket: String
    /// The key, `stacks/shop-dev-compute/1a2b3c.template.json`.
    public var key: String
    /// The object's bytes.
    public var body: Data
    /// The `Content-Type` S3 stores and serves back.
    public var contentType: String?
    /// How S3 encrypts it at rest; `nil` leaves it to the bucket's default.
    public var serverSideEncryption: ServerSideEncryption?

    /// An input from its parts.
    public init(
        bucket: String,
        key: String,
        body: Data,
        contentType: String? = nil,
        serverSideEncryption: ServerSideEncryption? = .aes256
    ) {
        self.bucket = bucket
        self.key = key
        self.body = body
        self.contentType = contentType
        self.serverSideEncryption = serverSideEncryption
    }
}

/// The answer to `PutObject`.
public struct PutObjectOutput: Sendable, Hashable {
    /// The entity tag, quoted as S3 sends it.
    public var eTag: String?
    /// The version the write made, in a versioned bucket.
    public var versionId: String?
    /// How S3 encrypted it.
    public var serverSideEncryption: ServerSideEncryption?

    /// An output from its parts.
    public init(eTag: String? = nil, versionId: String? = nil, serverSideEncryption: ServerSideEncryption? = nil) {
        self.eTag = eTag
        self.versionId = versionId
        self.serverSideEncryption = serverSideEncryption
    }

    /// Reads `ETag`, `x-amz-version-id` and `x-amz-server-side-encryption`.
    init(headers: [HTTPHeader]) {
        eTag = headers.value(for: "ETag")
        versionId = headers.value(for: "x-amz-version-id")
        serverSideEncryption = headers.value(for: "x-amz-server-side-encryption").map(ServerSideEncryption.init)
    }
}

/// What `HeadObject` (and `GetObject`, with the body) says about an object.
public struct S3ObjectMetadata: Sendable, Hashable {
    /// The size in bytes.
    public var contentLength: Int?
    /// The stored `Content-Type`.
    public var contentType: String?
    /// The entity tag, quoted as S3 sends it.
    public var eTag: String?
    /// The version, in a versioned bucket.
    public var versionId: String?
    /// How S3 encrypted it.
    public var serverSideEncryption: ServerSideEncryption?
    /// When it was written.
    public var lastModified: Date?

    /// Metadata from its parts.
    public init(
        contentLength: Int? = nil,
        contentType: String? = nil,
        eTag: String? = nil,
        versionId: String? = nil,
        serverSideEncryption: ServerSideEncryption? = nil,
        lastModified: Date? = nil
    ) {
        self.contentLength = contentLength
        self.contentType = contentType
        self.eTag = eTag
        self.versionId = versionId
        self.serverSideEncryption = serverSideEncryption
        self.lastModified = lastModified
    }

    /// Reads the headers of a `GetObject` or `HeadObject` answer; throws `ResponseDecodingError`
    /// when `Content-Length` or `Last-Modified` is present but unreadable.
    init(headers: [HTTPHeader]) throws(ResponseDecodingError) {
        if let length = headers.value(for: "Content-Length") {
            guard let value = Int(length.trimmingCharacters(in: .whitespaces)) else {
                throw ResponseDecodingError(path: "Content-Length", reason: "not an integer")
            }
            contentLength = value
        }
        contentType = headers.value(for: "Content-Type")
        eTag = headers.value(for: "ETag")
        versionId = headers.value(for: "x-amz-version-id")
        serverSideEncryption = headers.value(for: "x-amz-server-side-encryption").map(ServerSideEncryption.init)
        if let text = headers.value(for: "Last-Modified") {
            guard let date = HTTPDate.parse(text) else {
                throw ResponseDecodingError(path: "Last-Modified", reason: "not an HTTP date")
            }
            lastModified = date
        }
    }
}

/// An object's bytes and metadata, as `GetObject` returns them.
public struct S3Object: Sendable, Hashable {
    /// The bytes.
    public var body: Data
    /// What the headers said.
    public var metadata: S3ObjectMetadata

    /// An object from its parts.
    public init(body: Data, metadata: S3ObjectMetadata) {
        self.body = body
        self.metadata = metadata
    }
}

/// HTTP dates as S3 writes them in `Last-Modified`: `Wed, 26 Nov 2026 07:12:24 GMT` (RFC 7231's
/// IMF-fixdate).
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instant `text` names, or `nil` when it is not an IMF-fixdate.
    static func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let pad = { (value: Int, width: Int) -> String in
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return ISO8601Timestamp.parse(
            "\(pad(year, 4))-\(pad(month + 1, 2))-\(pad(day, 2))T\(pad(time[0], 2)):\(pad(time[1], 2)):\(pad(time[2], 2))Z"
        )
    }
}
