import BallastAWS
import BallastModel
import BallastPlan
import Foundation

extension RolloutDriver {
    /// Ends the handler's rollout by hand (`ballast promote` / `ballast abort`): the record is
    /// written first (phase and who did it), then `live` moves with its `RevisionId` to the one
    /// version that gets all traffic, so a crash in between is repaired by the next pass.
    /// Throws `RolloutIntervention.Refusal` when no rollout of it is in progress.
    public func intervene(_ intervention: RolloutIntervention, functionName: String) async throws -> RolloutRecord {
        guard let details = try await lambda.getFunction(functionName) else {
            throw RolloutIntervention.Refusal(
                function: functionName, message: "does not exist in AWS yet; no rollout in progress")
        }
        let alias = try await lambda.getAlias(functionName: functionName, name: "live")
        let current = details.tags[RolloutRecord.tagKey].flatMap(RolloutRecord.init(tagValue:))
        let serving: String? =
            if let alias, alias.additionalVersionWeights.isEmpty { alias.functionVersion } else { nil }
        let record = try intervention.record(ending: current, function: functionName, liveVersion: serving)
        guard let alias else {
            throw RolloutIntervention.Refusal(function: functionName, message: "has no alias live; nothing to move")
        }
        try await writeRecord(record, functionName: functionName)
        let target = intervention.target(of: record)
        try await moveAlias(alias, to: target, weight: nil, functionName: functionName)
        log("\(functionName): \(intervention.verb): all traffic on version \(target) (\(record.reason ?? ""))")
        return record
    }
}
