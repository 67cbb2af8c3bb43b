import BallastHTTP
import Foundation

/// A request in the AWS JSON 1.0 or 1.1 protocol (ECR, CloudWatch Logs, DynamoDB): `POST /`
/// with `X-Amz-Target: Prefix.Operation` and the input as a JSON object.
public struct JSONRPCRequest: Sendable, Hashable {
    /// Which of the two JSON protocol versions; they differ only in the content type.
    public enum Version: Sendable, Hashable {
        /// `application/x-amz-json-1.0`.
        case v1_0
        /// `application/x-amz-json-1.1`.
        case v1_1

        /// The `Content-Type` of the version.
        public var contentType: String {
            switch self {
            case .v1_0: "application/x-amz-json-1.0"
            case .v1_1: "application/x-amz-json-1.1"
            }
        }
    }

    /// The service's target prefix, `AmazonEC2ContainerRegistry_V20150921`.
    public var targetPrefix: String
    /// The operation, `DescribeImages`.
    public var operation: String
    /// The protocol version.
    public var version: Version
    /// The input, JSON-encoded; `{}` for an operation without input.
    public var body: Data

    /// A request with `input` encoded as its body.
    ///
    /// Throws `RequestEncodingError` when `input` does not encode.
    public init(
        targetPrefix: String,
        operation: String,
        version: Version,
        input: some Encodable
    ) throws(RequestEncodingError) {
        self.targetPrefix = targetPrefix
        self.operation = operation
        self.version = version
        self.body = try AWSJSONCoding.encode(input)
    }

    /// `Prefix.Operation`, the value of `X-Amz-Target`.
    public var target: String { "\(targetPrefix).\(operation)" }

    /// The request on the wire.
    public var wireRequest: WireRequest {
        WireRequest(
            method: "POST",
            path: "/",
            headers: [HTTPHeader("Content-Type", version.contentType), HTTPHeader("X-Amz-Target", target)],
            body: body
        )
    }
}

/// The input of an operation that takes none; it encodes as `{}`.
public struct EmptyInput: Encodable, Sendable, Hashable {
    /// The empty input.
    public init() {}
}
