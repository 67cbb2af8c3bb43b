import Foundation

/// A rollout's state as it is kept in AWS, in the function's `ballast:rollout` tag (JSON), so a
/// controller killed at any moment resumes from what AWS says. Together with the alias `live`
/// (versions and weight) it is the whole state of a rollout.
public struct RolloutRecord: Sendable, Hashable, Codable {
    /// Where a rollout stands.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Traffic is being shifted step by step.
        case progressing
        /// All traffic is on the new version.
        case succeeded
        /// An alarm fired: all traffic went back to the old version. The image (digest) is not
        /// tried again until the desired state changes.
        case rolledBack
    }

    /// The version all traffic was on before.
    public var from: String
    /// The version traffic moves to.
    public var to: String
    /// The index of the current step in the strategy's steps (0 is the first weight).
    public var step: Int
    /// When the current step began.
    public var stepStartedAt: Date
    /// The commit whose desired state started the rollout.
    public var commit: String?
    /// The image digest of the new version.
    public var imageDigest: String?
    /// The phase.
    public var phase: Phase
    /// Why it was rolled back (the alarms that fired).
    public var reason: String?
    /// What the new version runs (`RolloutFingerprint`): a rolled-back rollout is not started
    /// again while the desired state still asks for exactly this.
    public var fingerprint: String?

    /// Creates a record.
    public init(
        from: String, to: String, step: Int, stepStartedAt: Date, commit: String? = nil, imageDigest: String? = nil,
        phase: Phase = .progressing, reason: String? = nil, fingerprint: String? = nil
    ) {
        self.fingerprint = fingerprint
        self.from = from
        self.to = to
        self.step = step
        self.stepStartedAt = stepStartedAt
        self.commit = commit
        self.imageDigest = imageDigest
        self.phase = phase
        self.reason = reason
    }

    /// The tag value: compact JSON with sorted keys and whole-second ISO 8601 time. Lambda
    /// tag values hold at most 256 characters, which this stays under.
    public var tagValue: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var record = self
        var text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        // Lambda tag values hold 256 characters: first the commit is abbreviated, as git does,
        if text.count > Self.tagValueLimit, let commit = record.commit, commit.count > 12 {
            record.commit = String(commit.prefix(12))
            text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        // then the reason, a courtesy to readers, gives way.
        while text.count > Self.tagValueLimit, let reason = record.reason, !reason.isEmpty {
            record.reason = String(reason.prefix(max(0, reason.count - (text.count - Self.tagValueLimit) - 1))) + "…"
            if record.reason == "…" { record.reason = nil }
            text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        return text
    }

    /// The longest tag value Lambda accepts.
    public static let tagValueLimit = 256

    /// Reads a tag value; nil when it is not a record (edited by hand, or from another tool).
    public init?(tagValue: String) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let record = try? decoder.decode(Self.self, from: Data(tagValue.utf8)) else { return nil }
        self = record
    }

    /// The tag key.
    public static let tagKey = "ballast:rollout"
}
