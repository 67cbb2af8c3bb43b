import Foundation

/// A person ending a rollout by hand: `ballast promote` sends all traffic to the new version
/// now, `ballast abort` sends it all back to the old one. Pure: given the record in the tag, the
/// record to write (before the alias moves, as every rollout step does), or why there is
/// nothing to end.
public enum RolloutIntervention: Sendable, Hashable {
    /// All traffic to the new version now; the rollout succeeded.
    case promote(by: String)
    /// All traffic back to the old version now; the rollout is rolled back and, as after an
    /// alarm, not tried again while the desired state asks for the same thing.
    case abort(by: String)

    /// Why a rollout cannot be ended by hand.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The Lambda function name.
        public var function: String
        /// What the user can act on.
        public var message: String
        public var description: String { "\(function): \(message)" }

        /// A refusal of `function` saying `message`.
        public init(function: String, message: String) {
            self.function = function
            self.message = message
        }
    }

    /// The record to write: phase `succeeded` (promote) or `rolledBack` (abort), with a reason
    /// naming who did it. Throws `Refusal` when no rollout is progressing (no record, or one
    /// that has already ended), saying which version `live` serves.
    public func record(
        ending record: RolloutRecord?, function: String, liveVersion: String?
    ) throws(Refusal) -> RolloutRecord {
        let serving = liveVersion.map { "; live serves version \($0)" } ?? ""
        guard var record else {
            throw Refusal(
                function: function, message: "no rollout in progress (no rollout was ever recorded\(serving))")
        }
        guard record.phase == .progressing else {
            let ended = record.phase == .succeeded ? "succeeded" : "was rolled back"
            throw Refusal(
                function: function,
                message:
                    "no rollout in progress (the last one, \(record.from) → \(record.to), \(ended)\(serving))")
        }
        switch self {
        case .promote(let who):
            record.phase = .succeeded
            record.reason = "promoted by \(who)"
        case .abort(let who):
            record.phase = .rolledBack
            record.reason = "aborted by \(who)"
        }
        return record
    }

    /// The version `live` sends all traffic to once the intervention is carried out.
    public func target(of record: RolloutRecord) -> String {
        switch self {
        case .promote: record.to
        case .abort: record.from
        }
    }

    /// The verb, for messages.
    public var verb: String {
        switch self {
        case .promote: "promoted"
        case .abort: "aborted"
        }
    }
}
