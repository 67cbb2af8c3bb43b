import BallastModel
import BallastSynth

/// The names `--allow-replace` may take: a database of the desired state, or one whose data a
/// plan would lose (a database removed from `desired/` is named while a stage would delete it).
/// Any other name allows nothing, so it is a mistake (a typo lets the refusal stand, and the
/// user believes otherwise): it is refused before anything is sent.
public enum ReplaceAllowance {
    /// The names among `names` that name no database of `state` (by name or by its logical id,
    /// as the refusals match them); no plan is needed to know these are fine.
    public static func undeclared(_ names: [String], in state: DesiredState) -> [String] {
        let logical = Set(state.databases.map { Naming.logicalId($0.name) })
        return names.filter { !logical.contains(Naming.logicalId($0)) }
    }

    /// The databases `plans` would lose data of, by the name the refusals give them.
    public static func losing(_ plans: [StagePlan], state: DesiredState) -> [String] {
        var names: Set<String> = []
        for plan in plans {
            for stack in plan.stacks {
                for resource in stack.resources where resource.losesData {
                    let base = databaseBase(of: resource.logicalId)
                    names.insert(database(of: base, in: state)?.name ?? base.lowercased())
                }
            }
        }
        return names.sorted()
    }

    /// The database a resource belongs to, by logical id (`MainInstance`, `MainSecret` → `Main`).
    static func databaseBase(of logicalId: String) -> String {
        ["Instance", "Secret"].first(where: logicalId.hasSuffix).map { String(logicalId.dropLast($0.count)) }
            ?? logicalId
    }

    /// The desired database whose logical id is `base`, nil when none is (it is being deleted).
    static func database(of base: String, in state: DesiredState) -> DatabaseSpec? {
        state.databases.first { Naming.logicalId($0.name) == base }
    }

    /// One line naming every name among `names` that names no database, with the databases
    /// that exist; nil when each names one.
    public static func refusal(_ names: [String], state: DesiredState, plans: [StagePlan]) -> String? {
        let losing = losing(plans, state: state)
        let losingLogical = Set(losing.map(Naming.logicalId))
        let unknown = undeclared(names, in: state).filter { !losingLogical.contains(Naming.logicalId($0)) }
        guard !unknown.isEmpty else { return nil }
        let known = Array(Set(state.databases.map(\.name) + losing)).sorted()
        let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
        let databases = known.isEmpty ? "there are no databases" : "databases: \(known.joined(separator: ", "))"
        return
            "--allow-replace \(list) names no database (\(databases)); nothing was applied"
    }
}
