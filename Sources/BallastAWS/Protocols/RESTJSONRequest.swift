import BallastAWSSigning
import BallastHTTP
import Foundation

/// A request in the AWS REST-JSON protocol (Lambda, API Gateway): the operation's method, a path
/// with `{Label}` placeholders filled from the input, query parameters, headers and a JSON body.
public struct RESTJSONRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// The path template, `/2015-03-31/functions/{FunctionName}/aliases/{Name}`; a greedy label
    /// `{Key+}` may hold slashes.
    public var pathTemplate: String
    /// The label values by name, unescaped.
    public var labels: [String: String]
    /// The query parameters, unescaped, in order; a name may repeat (a list).
    public var query: [WireRequest.QueryItem]
    /// Headers the operation binds members to (`X-Amz-…`).
    public var headers: [HTTPHeader]
    /// The JSON body, or empty for none.
    public var body: Data

    /// A request without a body.
    public init(
        method: String,
        pathTemplate: String,
        labels: [String: String] = [:],
        query: [WireRequest.QueryItem] = [],
        headers: [HTTPHeader] = []
    ) {
        self.method = method
        self.pathTemplate = pathTemplate
        self.labels = labels
        self.query = query
        self.headers = headers
        self.body = Data()
    }

    /// A request with `input` as its JSON body.
    ///
    /// Throws `RequestEncodingError` when `input` does not encode.
    public init(
        method: String,
        pathTemplate: String,
        labels: [String: String] = [:],
        query: [WireRequest.QueryItem] = [],
        headers: [HTTPHeader] = [],
        input: some Encodable
    ) throws(RequestEncodingError) {
        self.init(method: method, pathTemplate: pathTemplate, labels: labels, query: query, headers: headers)
        self.body = try AWSJSONCoding.encode(input)
    }

    /// The path with every label filled and percent-encoded: a plain label encodes `/` too, a
    /// greedy label keeps it.
    ///
    /// Throws `RequestEncodingError` when a label has no value or an empty one (AWS would route
    /// the request to another operation).
    public func path() throws(RequestEncodingError) -> String {
        var result = ""
        var rest = Substring(pathTemplate)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw RequestEncodingError(reason: "the path template \(pathTemplate) has an unclosed {")
            }
            var name = String(rest[rest.index(after: open)..<close])
            let greedy = name.hasSuffix("+")
            if greedy { name.removeLast() }
            guard let value = labels[name], !value.isEmpty else {
                throw RequestEncodingError(reason: "the path label {\(name)} is empty")
            }
            result += greedy ? URIEncoding.encodePath(value) : URIEncoding.encodeComponent(value)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The request on the wire; JSON bodies get `Content-Type: application/json`.
    public func wireRequest() throws(RequestEncodingError) -> WireRequest {
        var headers = headers
        if !body.isEmpty, headers.value(for: "Content-Type") == nil {
            headers.append(HTTPHeader("Content-Type", "application/json"))
        }
        return WireRequest(method: method, path: try path(), query: query, headers: headers, body: body)
    }
}
