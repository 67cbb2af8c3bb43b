import BallastController

/// Fuzzes the push webhook's checks as the controller runs them on `POST /hooks/git`: the
/// signature header, the HMAC of the body, the delivery and event headers, and the payload.
///
/// An input is written like the request it stands for: `Name: value` header lines, an empty
/// line, then the body. The signature value `(valid)` is replaced by the body's true signature
/// under ``secret``, so the fuzzer reaches the payload parser as often as the signature checks.
public enum WebhookFuzzing {
    /// The secret the harness's verifier is configured with.
    public static let secret = Array("It's a Secret to Everybody".utf8)
    /// The placeholder for the true signature of the body.
    static let validSignature = "(valid)"

    /// Verifies the delivery in `bytes` (all but the replay check, which is an actor's memory)
    /// and reads the event it asks for.
    public static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let delivery = self.delivery(bytes)
        do {
            let verifier = try WebhookVerifier(secret: secret)
            let (_, event) = try verifier.authenticate(delivery)
            return .accepted("\(try WebhookVerifier.event(named: event, body: delivery.body))")
        } catch {
            return .rejected("\(error)")
        }
    }

    /// The delivery `bytes` describe.
    static func delivery(_ bytes: [UInt8]) -> WebhookDelivery {
        var headers: [(name: String, value: String)] = []
        var rest = bytes[...]
        while let (line, next) = FuzzInputParts.firstLine(of: rest) {
            rest = next
            let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if trimmed.isEmpty { break }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let value = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }
            headers.append((trimmed[..<colon].lowercased(), String(value)))
        }
        let body = Array(rest)
        let values = { (name: String) in headers.filter { $0.name == name }.map(\.value) }
        return WebhookDelivery(
            signatures: values("x-hub-signature-256").map {
                $0 == validSignature ? WebhookVerifier.signature(of: body, secret: secret) : $0
            },
            deliveryID: values("x-github-delivery").first, event: values("x-github-event").first, body: body)
    }
}
