import Foundation

/// The parts of an HTTP request that a SigV4 signature covers.
///
/// The path is the one sent on the wire, already percent-encoded (`/my%20bucket/key`); the query
/// is a list of decoded name/value pairs, repeated names allowed; headers keep their order and
/// may repeat. The signer encodes both the way the service expects.
public struct SigningRequest: Sendable, Hashable {
    /// One header line; names compare case-insensitively when signed.
    public struct Header: Sendable, Hashable {
        /// The header name as written (`Content-Type`).
        public var name: String
        /// The header value as written; the signer trims it and collapses inner runs of spaces.
        public var value: String

        /// A header from its name and value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One query parameter, decoded (`prefix=a b` is `QueryItem("prefix", "a b")`).
    public struct QueryItem: Sendable, Hashable {
        /// The decoded name.
        public var name: String
        /// The decoded value; empty for `?name` and `?name=`.
        public var value: String

        /// A query parameter from its decoded name and value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method (`GET`, `PUT`, …); the signer upper-cases it.
    public var method: String
    /// The path as sent, percent-encoded, starting with `/`.
    public var path: String
    /// The query parameters, decoded, in any order.
    public var queryItems: [QueryItem]
    /// The headers to sign, `Host` among them.
    public var headers: [Header]
    /// The body, or what stands for it.
    public var payload: SigningPayload

    /// A request from its parts; `headers` must hold `Host`.
    public init(
        method: String,
        path: String,
        queryItems: [QueryItem] = [],
        headers: [Header],
        payload: SigningPayload = .empty
    ) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.payload = payload
    }

    /// A request for `url`: its percent-encoded path, its decoded query, and a `Host` header
    /// (with the port when it is not the scheme's default) ahead of `headers`.
    ///
    /// Returns `nil` when `url` has no host.
    public init?(method: String, url: URL, headers: [Header] = [], payload: SigningPayload = .empty) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let host = components.percentEncodedHost, !host.isEmpty
        else { return nil }
        var authority = host.lowercased()
        if let port = components.port, port != Self.defaultPort(scheme: components.scheme) {
            authority += ":\(port)"
        }
        let path = components.percentEncodedPath
        self.init(
            method: method,
            path: path.isEmpty ? "/" : path,
            queryItems: (components.queryItems ?? []).map { QueryItem($0.name, $0.value ?? "") },
            headers: [Header("Host", authority)] + headers,
            payload: payload
        )
    }

    private static func defaultPort(scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "https": 443
        case "http": 80
        default: nil
        }
    }
}
