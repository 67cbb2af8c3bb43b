import BallastControllerConfig
import BallastPlan
import Foundation

/// The body of `GET /status`: every stage's status keyed by stage name, readiness, and what
/// keeps the controller from its stages.
///
/// `applications` holds every configured application by name: its stages, readiness and
/// problem when this replica reconciles it, and in every case the shard (and, for a
/// StatefulSet, the replica) that owns it. The top-level `ready`, `stages` and `error` are the
/// single form's one application (`default`), as they were before applications; with an
/// `applications:` list `stages` is empty and `ready` says whether every application this
/// replica reconciles has been fetched.
public struct StatusDocument: Sendable, Hashable, Codable {
    /// One configured application in `/status` and `/status/<application>`.
    public struct Application: Sendable, Hashable, Codable {
        /// The shard that owns it (`hash(name) mod shards`).
        public var shard: Int
        /// The pod that reconciles it when the replicas are a StatefulSet (`ballast-2`); absent
        /// when the hostname has no ordinal.
        public var replica: String?
        /// Whether this replica reconciles it; only then are `ready`, `stages` and `error` present.
        public var reconciledHere: Bool
        /// Whether its remote has been fetched at least once.
        public var ready: Bool?
        /// Each stage's latest status, keyed by stage name.
        public var stages: [String: StageStatus]?
        /// What keeps it from its stages.
        public var error: String?

        /// An application's entry.
        public init(
            shard: Int, replica: String? = nil, reconciledHere: Bool, ready: Bool? = nil,
            stages: [String: StageStatus]? = nil, error: String? = nil
        ) {
            self.shard = shard
            self.replica = replica
            self.reconciledHere = reconciledHere
            self.ready = ready
            self.stages = stages
            self.error = error
        }
    }

    /// This replica's shard and the number of shards.
    public struct ShardInfo: Sendable, Hashable, Codable {
        /// This replica's shard, from 0.
        public var index: Int
        /// How many there are.
        public var count: Int

        /// Shard `index` of `count`.
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    /// Whether the controller has fetched from Git successfully at least once.
    public var ready: Bool
    /// Each stage's latest status, keyed by stage name.
    public var stages: [String: StageStatus]
    /// What keeps the controller from knowing or reaching its stages (the branch naming them
    /// holds an invalid desired state, the remote cannot be fetched); absent when nothing does.
    public var error: String?
    /// Every configured application by name (absent in documents from before applications).
    public var applications: [String: Application]?
    /// The shard this replica is (absent in documents from before shards).
    public var shard: ShardInfo?

    /// Creates a document.
    public init(
        ready: Bool, stages: [String: StageStatus], error: String? = nil, applications: [String: Application]? = nil,
        shard: ShardInfo? = nil
    ) {
        self.ready = ready
        self.stages = stages
        self.error = error
        self.applications = applications
        self.shard = shard
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
