import Crypto
import Foundation

/// Checks GitHub push webhooks: the `X-Hub-Signature-256` HMAC-SHA256 of the raw body under
/// the shared secret (compared in constant time), a delivery id not seen before, and the
/// payload's `ref`. The secret stays inside: it is not in the description, the errors, or logs.
///
/// Replays are answered 409 Conflict: the signature is authentic, the request is a repeat.
/// GitHub's "Redeliver" button reuses the delivery id, so a redelivery of a delivery that was
/// accepted within the last ``deliveryMemory`` deliveries is refused too; the next poll
/// reconciles anyway.
public struct WebhookVerifier: Sendable, CustomStringConvertible {
    /// The largest body accepted, in bytes; GitHub caps payloads at 25 MB, but a push of the
    /// few fields Ballast needs is far smaller.
    public let maximumBodySize: Int
    /// How many accepted delivery ids are remembered to refuse replays.
    public let deliveryMemory: Int

    /// The secret's bytes; a `SymmetricKey` is made per check because it is not `Sendable`.
    private let secret: [UInt8]
    private let deliveries: DeliveryLog

    /// Creates a verifier for `secret` (the bytes configured on the GitHub hook).
    /// - Throws: ``WebhookSecretError/empty`` for an empty secret, which would let anyone sign.
    public init(secret: [UInt8], maximumBodySize: Int = 1 << 20, deliveryMemory: Int = 1_000)
        throws(WebhookSecretError)
    {
        guard !secret.isEmpty else { throw .empty }
        self.secret = secret
        self.maximumBodySize = maximumBodySize
        self.deliveryMemory = max(1, deliveryMemory)
        self.deliveries = DeliveryLog(capacity: max(1, deliveryMemory))
    }

    /// Creates a verifier with the secret read from `path` (`webhookSecretFile`); trailing
    /// newlines and spaces, as secret files usually end with, are not part of the secret.
    public init(secretFile path: String, maximumBodySize: Int = 1 << 20, deliveryMemory: Int = 1_000)
        throws(WebhookSecretError)
    {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 {
            bytes.removeLast()
        }
        try self.init(secret: bytes, maximumBodySize: maximumBodySize, deliveryMemory: deliveryMemory)
    }

    /// Never shows the secret.
    public var description: String { "WebhookVerifier(secret: <redacted>, maximumBodySize: \(maximumBodySize))" }

    /// Checks the shape of the signature header alone, so an unsigned request is refused before
    /// its body is read. Returns the MAC the sender claims.
    public func claimedMAC(from signatures: [String]) throws(WebhookError) -> [UInt8] {
        guard let header = signatures.first else { throw .missingSignature }
        guard signatures.count == 1 else { throw .malformedSignature }
        let prefix = "sha256="
        guard header.hasPrefix(prefix) else { throw .malformedSignature }
        guard let mac = Self.bytes(fromHex: header.dropFirst(prefix.count)), mac.count == SHA256.byteCount else {
            throw .malformedSignature
        }
        return mac
    }

    /// Verifies `delivery` and says what it asks for. An accepted delivery's id is remembered;
    /// nothing is remembered for a delivery that fails authentication.
    public func verify(_ delivery: WebhookDelivery) async throws(WebhookError) -> WebhookEvent {
        let (id, event) = try authenticate(delivery)
        guard await deliveries.admit(id) else { throw .replayedDelivery }
        return try Self.event(named: event, body: delivery.body)
    }

    /// Every check of `delivery` but the replay check: the signature header, the body size, the
    /// HMAC, the delivery id and the event header. Returns the delivery id and the event.
    package func authenticate(_ delivery: WebhookDelivery) throws(WebhookError) -> (id: String, event: String) {
        let mac = try claimedMAC(from: delivery.signatures)
        guard delivery.body.count <= maximumBodySize else { throw .bodyTooLarge(limit: maximumBodySize) }
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: delivery.body, using: SymmetricKey(data: secret))
        else {
            throw .wrongSignature
        }
        guard let id = delivery.deliveryID, !id.isEmpty, id.utf8.count <= 128 else { throw .missingDeliveryID }
        guard let event = delivery.event, !event.isEmpty else { throw .missingEvent }
        return (id, event)
    }

    /// What an authenticated delivery of `event` with `body` asks for.
    package static func event(named event: String, body: [UInt8]) throws(WebhookError) -> WebhookEvent {
        switch event {
        case "ping":
            return .ping
        case "push":
            return try Self.pushEvent(from: body)
        default:
            return .ignored("event \(event.prefix(64)) does not trigger a reconcile")
        }
    }

    /// The signature header value GitHub would send for `body` under `secret`; for tests and
    /// for tools that replay a recorded payload on purpose.
    public static func signature(of body: [UInt8], secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256="
            + mac.map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }

    private struct PushPayload: Decodable {
        var ref: String
    }

    private static func pushEvent(from body: [UInt8]) throws(WebhookError) -> WebhookEvent {
        let payload: PushPayload
        do {
            payload = try JSONDecoder().decode(PushPayload.self, from: Data(body))
        } catch DecodingError.dataCorrupted {
            throw .malformedPayload("body is not JSON")
        } catch DecodingError.keyNotFound {
            throw .malformedPayload("no \"ref\"")
        } catch DecodingError.typeMismatch {
            throw .malformedPayload("not an object with a string \"ref\"")
        } catch {
            throw .malformedPayload("not an object with a string \"ref\"")
        }
        let ref = payload.ref
        if ref.hasPrefix("refs/tags/") {
            return .ignored("push of a tag")
        }
        let prefix = "refs/heads/"
        let branch = String(ref.dropFirst(prefix.count))
        guard ref.hasPrefix(prefix), !branch.isEmpty, branch.utf8.count <= 255,
            !branch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .malformedPayload("\"ref\" is not refs/heads/<branch>")
        }
        return .push(branch: branch)
    }

    private static func bytes(fromHex hex: Substring) -> [UInt8]? {
        guard hex.utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
