import Foundation

/// A complete HTTP response: status, headers, and the whole body read into memory.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, `200`.
    public var status: Int
    /// The headers of the final response (not of a `100 Continue` before it), in order.
    public var headers: [HTTPHeader]
    /// The body, at most `TransportConfiguration.maximumResponseBytes` long.
    public var body: Data

    /// A response from its parts.
    public init(status: Int, headers: [HTTPHeader], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
