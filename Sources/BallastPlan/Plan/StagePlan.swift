import BallastModel
import BallastSynth

/// Everything `reconcile` would do for one stage, in order, with why: the preview users read
/// before they let Ballast touch production.
public struct StagePlan: Sendable, Hashable {
    /// The stage.
    public var stage: String
    /// Its region.
    public var region: String
    /// Per stack what changes, in deployment order, then orphans.
    public var stacks: [StackChange]
    /// Per handler what the rollout engine must do.
    public var rollouts: [FunctionRolloutNeed]
    /// Alarms whose live settings differ from their templates.
    public var alarmDrift: [AlarmDrift]
    /// The ordered actions.
    public var actions: [PlannedAction]
    /// Changes refused before anything is sent: they would replace or delete data the user did
    /// not allow to lose.
    public var refusals: [String]

    /// Builds the plan of a stage from its diff. `allowReplace` names databases the user allows
    /// to be replaced (`--allow-replace`; `allowReplace: true` in a database file counts too);
    /// `allowDelete` allows a plan that deletes most of the stage or all of one kind
    /// (`--allow-delete`; the stage's `prune: true` counts too).
    public init(
        stage: Stage, state: DesiredState, stacks: [StackChange], rollouts: [FunctionRolloutNeed],
        alarmDrift: [AlarmDrift],
        allowReplace: Set<String> = [], allowDelete: Bool = false
    ) {
        self.stage = stage.name
        self.region = stage.region
        self.stacks = stacks
        self.rollouts = rollouts
        self.alarmDrift = alarmDrift
        let allowed = allowReplace.union(state.databases.filter(\.allowReplace).map(\.name))
        self.refusals = Self.refusals(stacks, state: state, allowed: allowed, prune: stage.prune)
        if let refusal = DeletionGuard.refusal(stacks, allowed: allowDelete || stage.prune) {
            self.refusals.append(refusal)
        }
        self.actions = Self.order(stacks, rollouts: rollouts, prune: stage.prune)
    }

    /// A change that loses data, for a database the user did not allow, is refused: named with
    /// the resource and how to allow it.
    static func refusals(_ stacks: [StackChange], state: DesiredState, allowed: Set<String>, prune: Bool) -> [String] {
        var refusals: [String] = []
        for stack in stacks where stack.action != .orphaned || prune {
            for resource in stack.resources where resource.losesData {
                // The database may be gone from the desired state when it is being deleted.
                let base = ReplaceAllowance.databaseBase(of: resource.logicalId)
                if allowed.contains(where: { Naming.logicalId($0) == base }) { continue }
                let database = ReplaceAllowance.database(of: base, in: state)
                let verb = resource.action == .remove ? "delete" : "replace"
                let name = database?.name ?? base.lowercased()
                let fileHint = database.map { " or allowReplace: true in \($0.file)" } ?? ""
                refusals.append(
                    "\(stack.name): would \(verb) \(resource.logicalId) (\(resource.type)) and lose its data; allow it with --allow-replace \(name)\(fileHint)"
                )
            }
        }
        return refusals
    }

    /// Stack operations in deployment order, the alias and rollout step after the handlers'
    /// stacks and before the API, orphans deleted last in reverse order (only with `prune`).
    static func order(_ stacks: [StackChange], rollouts: [FunctionRolloutNeed], prune: Bool) -> [PlannedAction] {
        var actions: [PlannedAction] = []
        let routing = rollouts.compactMap(PlannedAction.init(rollout:))
        var routingPlaced = false
        for stack in stacks where stack.action != .orphaned {
            if !routingPlaced, let kind = stack.kind, kind > .compute {
                actions += routing
                routingPlaced = true
            }
            switch stack.action {
            case .create:
                actions.append(PlannedAction(kind: .createStack, target: stack.name, reason: "not deployed yet"))
            case .update:
                actions.append(PlannedAction(kind: .updateStack, target: stack.name, reason: Self.reason(stack)))
            case .unchanged, .orphaned: break
            }
        }
        if !routingPlaced { actions += routing }
        for stack in stacks.reversed() where stack.action == .orphaned {
            actions.append(
                prune
                    ? PlannedAction(kind: .deleteStack, target: stack.name, reason: "no longer desired (prune is on)")
                    : PlannedAction(
                        kind: .keepOrphan, target: stack.name, reason: "no longer desired; kept because prune is off"))
        }
        return actions
    }

    static func reason(_ stack: StackChange) -> String {
        var parts: [String] = []
        let counts = Dictionary(grouping: stack.resources, by: \.action).mapValues(\.count)
        if let added = counts[.add] { parts.append("\(added) added") }
        let replaced = stack.resources.filter(\.replacement).count
        if let modified = counts[.modify] { parts.append("\(modified - replaced) changed") }
        if replaced > 0 { parts.append("\(replaced) replaced") }
        if let removed = counts[.remove] { parts.append("\(removed) removed") }
        if !stack.parameterChanges.isEmpty { parts.append("parameters") }
        if !stack.tagChanges.isEmpty { parts.append("tags") }
        if stack.terminationProtectionChange != nil { parts.append("termination protection") }
        return parts.isEmpty ? "outputs or description" : parts.joined(separator: ", ")
    }

    /// Resource counts for the summary line.
    public var summary: PlanSummary {
        var summary = PlanSummary()
        for stack in stacks {
            for resource in stack.resources {
                switch (stack.action, resource.action) {
                case (.orphaned, _): summary.delete += 1
                case (_, .add): summary.add += 1
                case (_, .remove): summary.delete += 1
                case (_, .modify): if resource.replacement { summary.replace += 1 } else { summary.change += 1 }
                }
            }
        }
        summary.rollouts = rollouts.filter { [.rollout, .createAlias, .supersede].contains($0.action) }.count
        return summary
    }

    /// Whether anything would change.
    public var hasChanges: Bool {
        !actions.filter { $0.kind != .keepOrphan }.isEmpty
    }

    /// Whether AWS differs from the desired state: changes to apply, or alarms drifted (or
    /// missing) since CloudFormation last applied them. `diff --detailed-exitcode` exits 2 on it.
    public var differsFromDesired: Bool {
        hasChanges || !alarmDrift.isEmpty
    }
}

/// One step of a plan.
public struct PlannedAction: Sendable, Hashable, Codable {
    /// What kind of step.
    public enum Kind: String, Sendable, Hashable, Codable {
        case createStack
        case updateStack
        case deleteStack
        case keepOrphan
        case createAlias
        case startRollout
    }

    /// The kind.
    public var kind: Kind
    /// The stack or handler it acts on.
    public var target: String
    /// Why.
    public var reason: String

    /// Creates an action.
    public init(kind: Kind, target: String, reason: String) {
        self.kind = kind
        self.target = target
        self.reason = reason
    }

    /// The routing step a rollout need asks for, nil when none.
    init?(rollout: FunctionRolloutNeed) {
        switch rollout.action {
        case .createAlias:
            self.init(
                kind: .createAlias, target: rollout.function,
                reason: "new function: publish version 1, create live at it")
        case .rollout:
            self.init(
                kind: .startRollout, target: rollout.function,
                reason: "\(rollout.reasons.joined(separator: "; ")); \(RolloutText.describe(rollout.strategy))")
        case .supersede:
            self.init(
                kind: .startRollout, target: rollout.function,
                reason:
                    "\(rollout.reasons.joined(separator: "; ")): roll it back to version \(rollout.currentVersion ?? "?"), then \(RolloutText.describe(rollout.strategy))"
            )
        case .inProgress, .rolledBack, .none:
            return nil
        }
    }
}

/// The counts of the summary line, as `terraform plan` shows them.
public struct PlanSummary: Sendable, Hashable, Codable {
    public var add = 0
    public var change = 0
    public var replace = 0
    public var delete = 0
    public var rollouts = 0

    /// `Plan: N to add, M to change, K to replace, J to delete; R rollouts`.
    public var line: String {
        "Plan: \(add) to add, \(change) to change, \(replace) to replace, \(delete) to delete; \(rollouts) rollout\(rollouts == 1 ? "" : "s")"
    }

    /// The sum of several stages' summaries.
    public static func + (lhs: Self, rhs: Self) -> Self {
        PlanSummary(
            add: lhs.add + rhs.add, change: lhs.change + rhs.change, replace: lhs.replace + rhs.replace,
            delete: lhs.delete + rhs.delete, rollouts: lhs.rollouts + rhs.rollouts)
    }
}

/// How a rollout strategy reads in a plan.
public enum RolloutText {
    /// `canary 10% for 5m`, `linear 25% every 2m`, `all at once`.
    public static func describe(_ strategy: RolloutStrategy) -> String {
        switch strategy {
        case .allAtOnce: return "all at once"
        case .canary(let percent, let bake): return "canary \(percent)% for \(DurationText.format(bake))"
        case .linear(let percent, let every): return "linear \(percent)% every \(DurationText.format(every))"
        }
    }
}
