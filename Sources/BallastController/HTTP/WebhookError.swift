/// Why a webhook delivery was refused. Each case maps to one HTTP status and a short reason
/// that is safe to send back: it never contains the secret, the expected signature, or the
/// signature that was sent.
public enum WebhookError: Error, Sendable, Hashable {
    /// No `X-Hub-Signature-256` header.
    case missingSignature
    /// The header is not `sha256=` followed by 64 hex digits, or it appears more than once.
    case malformedSignature
    /// The HMAC does not match the body under the configured secret.
    case wrongSignature
    /// No `X-GitHub-Delivery` header, or an unusable one.
    case missingDeliveryID
    /// A delivery id that was already accepted (a replay).
    case replayedDelivery
    /// No `X-GitHub-Event` header.
    case missingEvent
    /// The body is longer than the limit, in bytes.
    case bodyTooLarge(limit: Int)
    /// The body could not be read from the connection.
    case bodyUnreadable
    /// The body is not the JSON object a push event has; the associated text says what is wrong.
    case malformedPayload(String)

    /// The HTTP status code to answer with.
    public var statusCode: Int {
        switch self {
        case .missingSignature, .malformedSignature, .wrongSignature: return 401
        case .replayedDelivery: return 409
        case .bodyTooLarge: return 413
        case .missingDeliveryID, .missingEvent, .bodyUnreadable, .malformedPayload: return 400
        }
    }

    /// A one-line reason for the response body and the log.
    public var reason: String {
        switch self {
        case .missingSignature: return "missing X-Hub-Signature-256 header"
        case .malformedSignature: return "malformed X-Hub-Signature-256 header (expected sha256=<64 hex digits>)"
        case .wrongSignature: return "signature does not match the body"
        case .missingDeliveryID: return "missing or invalid X-GitHub-Delivery header"
        case .replayedDelivery: return "delivery already processed (replay)"
        case .missingEvent: return "missing X-GitHub-Event header"
        case .bodyTooLarge(let limit): return "body larger than \(limit) bytes"
        case .bodyUnreadable: return "request body could not be read"
        case .malformedPayload(let what): return "malformed push payload: \(what)"
        }
    }
}
