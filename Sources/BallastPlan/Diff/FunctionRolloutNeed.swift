import BallastModel

/// What a handler needs from the rollout engine, found by comparing what the alias `live`
/// sends all traffic to with the desired image (by digest) and configuration.
public struct FunctionRolloutNeed: Sendable, Hashable {
    /// The need.
    public enum Action: String, Sendable, Hashable, Codable {
        /// The function is new: publish its first version and create `live` at it.
        case createAlias
        /// The image or configuration differs: publish a version and shift traffic to it.
        case rollout
        /// Traffic is split between two versions: a rollout is under way.
        case inProgress
        /// A rollout is under way to something the desired state no longer asks for (a newer
        /// image or configuration): it is rolled back to the stable version first, then a new
        /// rollout starts from there.
        case supersede
        /// The desired image and configuration were rolled back after an alarm; they are not
        /// tried again until the desired state changes.
        case rolledBack
        /// `live` serves what is desired.
        case none
    }

    /// The handler's name (not the Lambda function name).
    public var function: String
    /// The need.
    public var action: Action
    /// The version `live` sends all traffic to, if any.
    public var currentVersion: String?
    /// Why: which of image, memory, timeout and environment keys differ.
    public var reasons: [String]
    /// The strategy the rollout will follow.
    public var strategy: RolloutStrategy

    /// Creates a need.
    public init(function: String, action: Action, currentVersion: String?, reasons: [String], strategy: RolloutStrategy)
    {
        self.function = function
        self.action = action
        self.currentVersion = currentVersion
        self.reasons = reasons
        self.strategy = strategy
    }

    /// Compares a resolved function with its live state. `desiredDigest` is the image digest
    /// the desired tag resolves to (nil when unknown, e.g. offline: the image is then not
    /// compared). Environment variables Ballast sets itself (`DB_*`) are not compared.
    public static func evaluate(_ function: ResolvedFunction, desiredDigest: String?, live: LiveFunction?)
        -> FunctionRolloutNeed
    {
        func need(_ action: Action, current: String? = nil, reasons: [String] = []) -> FunctionRolloutNeed {
            FunctionRolloutNeed(
                function: function.name, action: action, currentVersion: current, reasons: reasons,
                strategy: function.rollout)
        }
        guard let live, let alias = live.alias else { return need(.createAlias, reasons: ["new function"]) }
        let digest = function.desiredDigest(resolvedTag: desiredDigest)
        let record = live.rolloutTag.flatMap(RolloutRecord.init(tagValue:))
        let desired = RolloutFingerprint.of(
            digest: digest, memoryMiB: function.memoryMiB, timeoutSeconds: function.timeoutSeconds,
            environment: function.environment)
        guard let current = alias.fullVersion else {
            // Only a known digest can say the rollout in progress is no longer what is desired.
            if digest != nil, let record, record.phase == .progressing, let running = record.fingerprint,
                running != desired
            {
                return need(
                    .supersede, current: alias.version,
                    reasons: ["the rollout to version \(record.to) is for an image or configuration no longer desired"])
            }
            return need(.inProgress, current: alias.version)
        }
        guard let version = live.versions[current] else {
            // Not read, because the alias's note says it already runs what is desired.
            if let digest, live.note?.version == current,
                live.note?.signature == function.signature(digest: digest)
            {
                return need(.none, current: current)
            }
            return need(.rollout, current: current, reasons: ["version \(current) of live could not be read"])
        }
        var reasons: [String] = []
        if let digest, version.imageDigest != digest {
            reasons.append("image \(short(version.imageDigest)) → \(short(digest))")
        }
        // The same image and configuration were rolled back after an alarm: not tried again.
        if let record, record.phase == .rolledBack, record.fingerprint == desired {
            return need(.rolledBack, current: current, reasons: [record.reason ?? "rolled back"])
        }
        if version.memoryMiB != function.memoryMiB {
            reasons.append("memory \(version.memoryMiB) → \(function.memoryMiB) MiB")
        }
        if version.timeoutSeconds != function.timeoutSeconds {
            reasons.append("timeout \(version.timeoutSeconds)s → \(function.timeoutSeconds)s")
        }
        let ownKeys = Set(version.environment.keys).union(function.environment.keys).filter { !$0.hasPrefix("DB_") }
        for key in ownKeys.sorted() where version.environment[key] != function.environment[key] {
            reasons.append("environment \(key)")
        }
        return reasons.isEmpty ? need(.none, current: current) : need(.rollout, current: current, reasons: reasons)
    }

    private static func short(_ digest: String?) -> String {
        guard let digest else { return "(unknown)" }
        return String(digest.prefix("sha256:".count + 12))
    }
}

extension ResolvedFunction {
    /// The digest the desired image runs: the one it is pinned to, else what its tag resolves
    /// to (`resolvedTag`, nil when unknown).
    public func desiredDigest(resolvedTag: String?) -> String? {
        if case .digest(let pinned) = image.reference { pinned } else { resolvedTag }
    }

    /// The `VersionSignature` of a version that runs this function as desired, given the digest
    /// its image resolves to.
    public func signature(digest: String) -> String {
        VersionSignature.of(
            digest: digest, memoryMiB: memoryMiB, timeoutSeconds: timeoutSeconds, environment: environment)
    }
}

extension FunctionRolloutNeed {
    /// `needs` in the order their rollouts start: a handler some other handler names as a hook
    /// first, so that a new version of the hook (a migration of this release) serves at its
    /// alias `live` before the rollout that invokes it begins; otherwise as given.
    public static func hooksFirst(_ needs: [FunctionRolloutNeed], functions: [ResolvedFunction])
        -> [FunctionRolloutNeed]
    {
        let hooks = Set(
            functions.flatMap { function in
                FunctionHooks.Point.allCases.compactMap { function.hooks[$0]?.value }
                    .filter { $0 != function.name }
            })
        return needs.filter { hooks.contains($0.function) } + needs.filter { !hooks.contains($0.function) }
    }
}
