import BallastPlan
import Foundation

/// The body of `GET /status`: every stage's status keyed by stage name, readiness, and what
/// keeps the controller from its stages.
public struct StatusDocument: Sendable, Hashable, Codable {
    /// Whether the controller has fetched from Git successfully at least once.
    public var ready: Bool
    /// Each stage's latest status, keyed by stage name.
    public var stages: [String: StageStatus]
    /// What keeps the controller from knowing or reaching its stages (the branch naming them
    /// holds an invalid desired state, the remote cannot be fetched); absent when nothing does.
    public var error: String?

    /// Creates a document.
    public init(ready: Bool, stages: [String: StageStatus], error: String? = nil) {
        self.ready = ready
        self.stages = stages
        self.error = error
    }

    /// The encoder `/status` uses: ISO 8601 dates and sorted keys, so the bytes are stable and
    /// diffable; clients decode with ``decoder``.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// The decoder matching ``encoder``.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
