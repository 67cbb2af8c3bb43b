import BallastAWS
import BallastPlan
import Foundation
import Logging

extension RolloutDriver {
    /// Deletes published versions of the handler beyond the newest `keepVersions`, never one an
    /// alias routes to nor the recorded rollout's old and new versions (`VersionRetention`).
    /// Called when a rollout ends; skipped while one is progressing. Best effort: a failure is
    /// logged and the next rollout's end tries again; it never fails the pass.
    public func pruneVersions(_ functionName: String) async {
        do {
            guard let details = try await lambda.getFunction(functionName) else { return }
            let record = details.tags[RolloutRecord.tagKey].flatMap(RolloutRecord.init(tagValue:))
            if record?.phase == .progressing { return }
            let aliases = try await lambda.allAliases(of: functionName)
            let protected = VersionRetention.routed(
                by: aliases.map { (version: $0.functionVersion, additional: Array($0.additionalVersionWeights.keys)) }
            )
            .union([record?.from, record?.to].compactMap { $0 })
            let published = try await lambda.allVersions(of: functionName).map(\.version)
            let doomed = VersionRetention.versionsToDelete(
                published: published, protected: protected, keep: keepVersions)
            guard !doomed.isEmpty else { return }
            for version in doomed {
                try await lambda.deleteVersion(functionName, version: version)
            }
            log.info(
                "deleted old version\(doomed.count == 1 ? "" : "s") \(doomed.joined(separator: ", ")) (keeping the newest \(keepVersions) and every version an alias or the last rollout uses)",
                metadata: ["function": "\(functionName)", "versions": .array(doomed.map { "\($0)" })])
        } catch {
            log.warning(
                "old versions not cleaned up this pass", error: error, metadata: ["function": "\(functionName)"])
        }
    }
}
