import BallastControllerConfig
import BallastModel
import BallastPlan
import Foundation

/// Every application the controller is configured with, and the status store of each one this
/// replica reconciles (the others belong to other shards): what the HTTP endpoints read.
public struct ApplicationStatuses: Sendable {
    /// One configured application.
    public struct Entry: Sendable {
        /// Its name.
        public let name: String
        /// The shard that owns it.
        public let shard: Int
        /// Its statuses, when this replica reconciles it; nil when another shard does.
        public let store: StatusStore?
    }

    /// Every configured application, in configuration order.
    public let entries: [Entry]
    /// Whether the configuration is the single form (one application, `default`), whose paths
    /// and document keep their old shape.
    public let isSingle: Bool
    /// This replica's shard.
    public let shard: Shard
    /// This replica's hostname when it ends in a StatefulSet ordinal (`ballast-2`), to name the
    /// replica that owns each application.
    public let hostname: String?

    /// The applications of `config`, a store for each that `shard` owns, each starting at `time`.
    public init(config: ControllerConfig, shard: Shard = .only, hostname: String? = nil, time: Date) {
        entries = config.resolvedApplications.map { application in
            let owner = Shard.index(of: application.name, count: shard.count)
            return Entry(
                name: application.name, shard: owner, store: owner == shard.index ? StatusStore(time: time) : nil)
        }
        isSingle = config.isSingleApplication
        self.shard = shard
        self.hostname = hostname.flatMap { Shard.ordinal(ofHostname: $0) == nil ? nil : $0 }
    }

    /// The single form's one application, `default`, on `store`.
    public init(single store: StatusStore) {
        entries = [Entry(name: ControllerApplication.defaultName, shard: 0, store: store)]
        isSingle = true
        shard = .only
        hostname = nil
    }

    /// The entry of application `name`.
    public func entry(_ name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// The store of `name` when this replica reconciles it.
    public func store(of name: String) -> StatusStore? {
        entry(name)?.store
    }

    /// The single form's store; nil with a list.
    public var singleStore: StatusStore? {
        isSingle ? entries.first?.store : nil
    }

    /// Ready once any application this replica reconciles has been fetched (one broken remote
    /// must not take the replica out of its Service), or at once when it reconciles none.
    public func isReady() async -> Bool {
        let stores = entries.compactMap(\.store)
        guard !stores.isEmpty else { return true }
        for store in stores where await store.isReady { return true }
        return false
    }

    /// The pod that owns shard `index`: this hostname with its ordinal replaced.
    func replica(of index: Int) -> String? {
        guard let hostname else { return nil }
        let name = hostname.split(separator: ".", maxSplits: 1).first.map(String.init) ?? hostname
        guard let dash = name.lastIndex(of: "-") else { return nil }
        return "\(name[..<dash])-\(index)"
    }

    /// The entry of `name` in `/status`, with its live state when it is reconciled here.
    func document(of entry: Entry) async -> StatusDocument.Application {
        var application = StatusDocument.Application(
            shard: entry.shard, replica: replica(of: entry.shard), reconciledHere: entry.store != nil)
        if let store = entry.store {
            application.ready = await store.isReady
            application.stages = Dictionary(uniqueKeysWithValues: await store.allStatuses().map { ($0.stage, $0) })
            application.error = await store.problem
        }
        return application
    }

    /// The whole of `/status`.
    public func document() async -> StatusDocument {
        var applications: [String: StatusDocument.Application] = [:]
        for entry in entries { applications[entry.name] = await document(of: entry) }
        let info = StatusDocument.ShardInfo(index: shard.index, count: shard.count)
        if let store = singleStore, let only = applications[ControllerApplication.defaultName] {
            return StatusDocument(
                ready: await store.isReady, stages: only.stages ?? [:], error: only.error, applications: applications,
                shard: info)
        }
        return StatusDocument(ready: await isReady(), stages: [:], applications: applications, shard: info)
    }
}
