import BallastModel
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
    /// Why it ended: the alarms that fired or the metric that failed, or who promoted or
    /// aborted it.
    public var reason: String?
    /// While progressing, why the current step is held longer than its length, for status and
    /// logs (a short code: the tag has little room).
    public var held: Hold?
    /// When the rollout began. Alarms already in `ALARM` since before then do not stop it (the
    /// stable version's trouble must not block its fix); the new version's own metrics still
    /// gate it. Nil in records written before this was kept: then every firing alarm counts.
    public var startedAt: Date?
    /// What the new version runs (`RolloutFingerprint`): a rolled-back rollout is not started
    /// again while the desired state still asks for exactly this.
    public var fingerprint: String?
    /// Where the `beforeTraffic` hook of this rollout stands: it runs once per rollout, so a
    /// rollout resumed after a crash never invokes it again. Nil: none, or not yet invoked.
    public var beforeTraffic: HookState?
    /// With `onNoTraffic: probe`: when the last probe of the current step passed, in whole
    /// seconds after the step began (short: the tag has little room). Nil: no probe yet.
    public var probed: Int?
    /// Where the `afterTraffic` hook of this rollout stands, as `beforeTraffic`. Nil: none, or
    /// not yet invoked (all traffic may already be on the new version).
    public var afterTraffic: HookState?

    /// Where a hook of a rollout stands.
    public enum HookState: String, Sendable, Hashable, Codable {
        /// Invoked, answer not yet recorded (a crash here means its outcome is unknown: the
        /// rollout is rolled back rather than the hook run twice).
        case started
        /// It answered without an error.
        case passed
        /// It answered with an error or not within its timeout: the rollout was rolled back.
        case failed
    }

    /// Where the hook at `point` stands.
    public subscript(hook point: FunctionHooks.Point) -> HookState? {
        get {
            switch point {
            case .beforeTraffic: beforeTraffic
            case .afterTraffic: afterTraffic
            }
        }
        set {
            switch point {
            case .beforeTraffic: beforeTraffic = newValue
            case .afterTraffic: afterTraffic = newValue
            }
        }
    }

    /// Creates a record.
    public init(
        from: String, to: String, step: Int, stepStartedAt: Date, commit: String? = nil, imageDigest: String? = nil,
        phase: Phase = .progressing, reason: String? = nil, fingerprint: String? = nil, startedAt: Date? = nil,
        held: Hold? = nil, beforeTraffic: HookState? = nil, afterTraffic: HookState? = nil, probed: Int? = nil
    ) {
        self.probed = probed
        self.beforeTraffic = beforeTraffic
        self.afterTraffic = afterTraffic
        self.startedAt = startedAt
        self.held = held
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
        // What only a progressing rollout needs is left out once it has ended, to leave room for
        // the reason.
        if record.phase != .progressing {
            record.held = nil
            record.startedAt = nil
            record.probed = nil
        }
        var text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        // Lambda tag values hold 256 characters: first the commit is abbreviated, as git does,
        if text.count > Self.tagValueLimit, let commit = record.commit, commit.count > 12 {
            record.commit = String(commit.prefix(12))
            text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        // then the image digest, which the version itself carries in full,
        if text.count > Self.tagValueLimit, let digest = record.imageDigest, digest.count > 19 {
            record.imageDigest = String(digest.prefix(19))
            text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        // then a passed beforeTraffic hook, which is never looked at again (only `started`
        // is: a hook whose answer was not recorded),
        if text.count > Self.tagValueLimit, record.beforeTraffic == .passed {
            record.beforeTraffic = nil
            text = String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        // then, once the rollout has ended, the digest (the version carries it, nothing reads
        // it back) before the reason that says why it ended,
        if text.count > Self.tagValueLimit, record.phase != .progressing, record.imageDigest != nil {
            record.imageDigest = nil
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

    /// Why a progressing step is held past its length.
    public enum Hold: String, Sendable, Hashable, Codable {
        /// The new version had no invocations: the step is extended, up to
        /// `RolloutStep.noTrafficBound` times its length.
        case noTraffic
        /// Still no invocations at the bound, and the rollout says `onNoTraffic: halt`.
        case halted

        /// What it means for the rollout to `version`, for status and logs.
        public func explanation(version: String) -> String {
            switch self {
            case .noTraffic:
                "no invocations of version \(version) since the step began; step extended (up to \(RolloutStep.noTrafficBound)× its length)"
            case .halted:
                "no invocations of version \(version) in \(RolloutStep.noTrafficBound)× the step; halted (onNoTraffic: halt)"
            }
        }
    }

    /// The tag key.
    public static let tagKey = "ballast:rollout"
}
