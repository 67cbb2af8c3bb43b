import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Logging

extension RolloutDriver {
    /// How many times an intervention re-reads and tries again when another writer moved the
    /// alias between its read and its update (a stale `RevisionId`).
    static let interventionAttempts = 3

    /// Ends the handler's rollout by hand (`ballast promote` / `ballast abort`): the record is
    /// written first (phase and who did it), then `live` moves with its `RevisionId` to the one
    /// version that gets all traffic, so a crash in between is repaired by the next pass. When
    /// a reconciler moved the alias meanwhile, everything is read again and done again (the
    /// record too, in case that reconciler rewrote it). Throws `RolloutIntervention.Refusal`
    /// when no rollout of it is in progress.
    public func intervene(_ intervention: RolloutIntervention, functionName: String) async throws -> RolloutRecord {
        var written: RolloutRecord?
        var attempt = 0
        while true {
            attempt += 1
            guard let details = try await lambda.getFunction(functionName) else {
                throw RolloutIntervention.Refusal(
                    function: functionName, message: "does not exist in AWS yet; no rollout in progress")
            }
            let alias = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias)
            let current = details.tags[RolloutRecord.tagKey].flatMap(RolloutRecord.init(tagValue:))
            let record: RolloutRecord
            if let written, let current, current.phase == written.phase, current.to == written.to,
                current.from == written.from
            {
                record = current  // ours, from the attempt before
            } else {
                let serving: String? =
                    if let alias, alias.additionalVersionWeights.isEmpty { alias.functionVersion } else { nil }
                record = try intervention.record(ending: current, function: functionName, liveVersion: serving)
                guard alias != nil else {
                    throw RolloutIntervention.Refusal(
                        function: functionName, message: "has no alias live; nothing to move")
                }
                try await writeRecord(record, functionName: functionName)
                written = record
            }
            guard let alias else {
                throw RolloutIntervention.Refusal(function: functionName, message: "has no alias live; nothing to move")
            }
            let target = intervention.target(of: record)
            do {
                try await moveAlias(alias, to: target, weight: nil, functionName: functionName)
            } catch let error as AWSError where error.isStaleLambdaRevision && attempt < Self.interventionAttempts {
                log.info("live was moved meanwhile; reading it again", metadata: ["function": "\(functionName)"])
                continue
            }
            log.info(
                "\(intervention.verb): all traffic on version \(target) (\(record.reason ?? ""))",
                metadata: ["function": "\(functionName)", "version": "\(target)"])
            return record
        }
    }
}
