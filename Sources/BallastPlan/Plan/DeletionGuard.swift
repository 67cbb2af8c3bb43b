/// Refuses a plan that deletes most of a stage, or every resource of one kind, unless the user
/// allowed deletions (`--allow-delete`, or `prune: true` on the stage), as Argo CD's
/// `allowEmpty` refuses to prune an application to nothing.
///
/// A desired state read wrongly (a folder that could not be read, the wrong branch, a bad
/// merge) looks the same as one that really dropped its functions: the plan deletes them. The
/// guard asks for a word from the user before a change of that size.
public enum DeletionGuard {
    /// The kinds whose last resource going away is refused, by CloudFormation type.
    static let guardedKinds: [(type: String, plural: String)] = [
        ("AWS::Lambda::Function", "function"), ("AWS::CloudWatch::Alarm", "alarm"),
        ("AWS::RDS::DBInstance", "database"), ("AWS::ApiGateway::RestApi", "API"),
    ]

    /// Why the plan of `stacks` is refused, or nil when it deletes nothing, little, or was
    /// allowed to. What the desired state drops counts whether or not it is deleted in this
    /// pass (an orphaned stack is kept without `prune`), but a plan that deletes nothing is
    /// never refused.
    public static func refusal(_ stacks: [StackChange], allowed: Bool) -> String? {
        guard !allowed else { return nil }
        var live: [String: Int] = [:]
        var removed: [String: Int] = [:]
        var added: [String: Int] = [:]
        var deletedNow = 0
        for stack in stacks {
            for (type, count) in stack.liveResourceTypes { live[type, default: 0] += count }
            switch stack.action {
            case .orphaned:
                for (type, count) in stack.liveResourceTypes { removed[type, default: 0] += count }
            case .create, .update, .unchanged:
                for resource in stack.resources {
                    switch resource.action {
                    case .remove:
                        removed[resource.type, default: 0] += 1
                        deletedNow += 1
                    case .add: added[resource.type, default: 0] += 1
                    case .modify: break
                    }
                }
            }
        }
        guard deletedNow > 0 else { return nil }
        let total = live.values.reduce(0, +)
        let lost = removed.reduce(0) { sum, entry in sum + max(0, entry.value - added[entry.key, default: 0]) }
        var reasons: [String] = []
        if lost * 2 > total {
            reasons.append("\(lost) of the stage's \(total) resources (more than half)")
        }
        for kind in guardedKinds {
            let before = live[kind.type, default: 0]
            let after = before - removed[kind.type, default: 0] + added[kind.type, default: 0]
            if before > 0, after <= 0 {
                reasons.append("every \(kind.plural) (\(before) of \(before))")
            }
        }
        guard !reasons.isEmpty else { return nil }
        return
            "would delete \(reasons.joined(separator: " and ")); stopped because a desired state read wrongly (an unreadable folder, the wrong branch) looks just like one that dropped them: if it really did, run again with --allow-delete, or set prune: true on the stage in ballast.yaml"
    }
}
