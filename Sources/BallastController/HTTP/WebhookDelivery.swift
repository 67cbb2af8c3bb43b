/// One webhook request, reduced to what verification looks at: the three GitHub headers and
/// the raw body bytes (the HMAC covers exactly these bytes, so they are never re-encoded).
public struct WebhookDelivery: Sendable, Hashable {
    /// Every value of `X-Hub-Signature-256` (more than one is malformed).
    public var signatures: [String]
    /// `X-GitHub-Delivery`, the delivery's unique id.
    public var deliveryID: String?
    /// `X-GitHub-Event`: `push`, `ping`, …
    public var event: String?
    /// The raw body.
    public var body: [UInt8]

    /// Creates a delivery.
    public init(signatures: [String], deliveryID: String?, event: String?, body: [UInt8]) {
        self.signatures = signatures
        self.deliveryID = deliveryID
        self.event = event
        self.body = body
    }
}
