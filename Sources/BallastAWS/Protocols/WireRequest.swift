import BallastAWSSigning
import BallastHTTP
import Foundation

/// An API call as a protocol encoder leaves it: method, path, query, headers and body, before it
/// is given an endpoint and signed.
///
/// Every protocol (query, JSON 1.0/1.1, REST-JSON) produces one, so the service clients send
/// them all the same way.
public struct WireRequest: Sendable, Hashable {
    /// One query parameter, decoded; names may repeat.
    public struct QueryItem: Sendable, Hashable {
        /// The decoded name.
        public var name: String
        /// The decoded value.
        public var value: String

        /// A parameter from its decoded name and value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET`, `POST`, `PUT`, `DELETE`, …
    public var method: String
    /// The path as sent, percent-encoded, starting with `/`.
    public var path: String
    /// The query parameters, decoded, in the order they are sent.
    public var query: [QueryItem]
    /// The protocol's headers (`Content-Type`, `X-Amz-Target`, …); `Host` and signing headers
    /// are added later.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: Data

    /// A request from its parts.
    public init(
        method: String, path: String = "/", query: [QueryItem] = [], headers: [HTTPHeader] = [], body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The absolute URL of this request at `endpoint` (`https://lambda.eu-central-1.amazonaws.com`):
    /// the endpoint's own path (without a trailing `/`) followed by `path`, and the query
    /// percent-encoded the way SigV4 does. `nil` when `endpoint` is not a URL with a host.
    public func url(endpoint: URL) -> URL? {
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false),
            let host = components.host, !host.isEmpty
        else { return nil }
        var base = components.percentEncodedPath
        while base.hasSuffix("/") { base.removeLast() }
        components.percentEncodedPath = base + (path.hasPrefix("/") ? path : "/" + path)
        components.percentEncodedQuery =
            query.isEmpty
            ? nil
            : query.map { "\(URIEncoding.encodeComponent($0.name))=\(URIEncoding.encodeComponent($0.value))" }
                .joined(separator: "&")
        components.fragment = nil
        return components.url
    }
}
