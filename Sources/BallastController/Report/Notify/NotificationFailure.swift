import BallastHTTP

/// Why a notification was not delivered: the target by its label and redacted URL, and the
/// HTTP status or the kind of transport failure. Never the URL's path or the secret.
public struct NotificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The receiver answered with this status.
        case status(Int)
        /// No complete response (timed out, refused, reset, …).
        case transport(TransportError.Kind)
        /// The URL file or the secret file could not be read, or held no usable URL.
        case unreadable(String)
    }

    /// The target's label (`webhook-1`).
    public var target: String
    /// The target's URL, redacted.
    public var url: NotificationURL?
    /// What went wrong.
    public var reason: Reason
    /// How many requests were made.
    public var attempts: Int

    /// Whether another attempt may succeed: a 5xx answer or no answer; a 4xx will not change.
    public var isRetryable: Bool {
        switch reason {
        case .status(let status): status >= 500
        case .transport(let kind): kind != .invalidRequest && kind != .shutDown
        case .unreadable: false
        }
    }

    /// `notification webhook-1 to https://hooks.example.com/…: HTTP 500 (3 attempts)`.
    public var description: String {
        let what: String =
            switch reason {
            case .status(let status): "HTTP \(status)"
            case .transport(.timedOut): "timed out"
            case .transport(let kind): "no response (\(kind))"
            case .unreadable(let detail): detail
            }
        let place = url.map { " to \($0)" } ?? ""
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        return "notification \(target)\(place): \(what) (\(tries))"
    }
}
