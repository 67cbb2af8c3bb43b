/// Why a request got no complete HTTP response.
///
/// An HTTP error status is not a `TransportError`: the transport returns every response it
/// read. Task cancellation is reported as `CancellationError`, not as this type.
public struct TransportError: Error, Sendable, Hashable {
    /// What went wrong, in terms a retry policy can act on.
    public enum Kind: Sendable, Hashable {
        /// Nothing listens on the port, or the host rejected the connection.
        case connectionRefused
        /// The connection was reset or failed while sending or receiving.
        case connectionReset
        /// The server closed the connection before the response was complete.
        case connectionClosed
        /// The server closed the connection without sending anything.
        case emptyReply
        /// The connect timeout or the total timeout passed.
        case timedOut
        /// The host name (or the proxy's) did not resolve.
        case hostNotFound
        /// TLS failed: handshake, or the peer's certificate did not verify against the CA bundle.
        case tls
        /// The response body was longer than the configured limit, in bytes.
        case responseTooLarge(limit: Int)
        /// The request cannot be sent as given (bad URL, unsupported scheme, a bad option).
        case invalidRequest
        /// The transport was shut down while the request was in flight.
        case shutDown
        /// Any other libcurl failure, with its `CURLcode`.
        case other(curlCode: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// The request's URL, for the message.
    public var url: String
    /// libcurl's own words, when it had some.
    public var detail: String

    /// An error from its parts.
    public init(kind: Kind, url: String, detail: String = "") {
        self.kind = kind
        self.url = url
        self.detail = detail
    }
}

extension TransportError: CustomStringConvertible {
    /// `connection refused: http://127.0.0.1:1/ (Failed to connect …)`, with any password in
    /// the URL shown as `***`.
    public var description: String {
        let what: String =
            switch kind {
            case .connectionRefused: "connection refused"
            case .connectionReset: "connection reset"
            case .connectionClosed: "connection closed before the response was complete"
            case .emptyReply: "empty reply from server"
            case .timedOut: "timed out"
            case .hostNotFound: "host not found"
            case .tls: "TLS failure"
            case .responseTooLarge(let limit): "response larger than \(limit) bytes"
            case .invalidRequest: "invalid request"
            case .shutDown: "transport shut down"
            case .other(let code): "libcurl error \(code)"
            }
        let text = detail.isEmpty ? "\(what): \(url)" : "\(what): \(url) (\(detail))"
        return URLUserInfo.redacted(text)
    }
}
