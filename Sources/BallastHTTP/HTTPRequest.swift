import Foundation

/// An HTTP request for `HTTPTransport`: method, absolute URL, headers and an in-memory body.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, …
    public var method: String
    /// The absolute `http` or `https` URL, query included.
    public var url: URL
    /// The headers to send, in order; `Host` may be given (a signed request carries it).
    public var headers: [HTTPHeader]
    /// The body; sent with a `Content-Length` for every method but `GET`/`HEAD`/`DELETE` without one.
    public var body: Data

    /// A request from its parts.
    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
