import BallastAWSSigning
import BallastHTTP
import Foundation

/// A request in the AWS query protocol (STS, CloudFormation, CloudWatch, IAM, SNS): a form-encoded
/// `POST /` with `Action`, `Version` and the operation's parameters.
public struct QueryRequest: Sendable, Hashable {
    /// The operation, `GetCallerIdentity`.
    public var action: String
    /// The API version, `2011-06-15`.
    public var version: String
    /// The top-level parameters; they are sent in name order.
    public var parameters: [String: QueryValue]

    /// A request from its parts.
    public init(action: String, version: String, parameters: [String: QueryValue] = [:]) {
        self.action = action
        self.version = version
        self.parameters = parameters
    }

    /// The content type of every query-protocol request.
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// `Action`, `Version`, then every parameter flattened, top-level names in order.
    public var fields: [QueryField] {
        var fields = [QueryField("Action", action), QueryField("Version", version)]
        for name in parameters.keys.sorted() {
            if let value = parameters[name] { fields += value.flattened(prefix: name) }
        }
        return fields
    }

    /// The form body, `Action=GetCallerIdentity&Version=2011-06-15`, names and values
    /// percent-encoded outside RFC 3986's unreserved characters.
    public var body: Data {
        let text = fields.map { "\(URIEncoding.encodeComponent($0.name))=\(URIEncoding.encodeComponent($0.value))" }
            .joined(separator: "&")
        return Data(text.utf8)
    }

    /// The request on the wire: `POST /` with the form body.
    public var wireRequest: WireRequest {
        WireRequest(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", Self.contentType)], body: body)
    }
}
