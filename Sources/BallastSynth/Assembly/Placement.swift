import BallastModel

/// Which part of a split stack each unit lives in: functions in `-compute-N`, route groups
/// in `-api-N`, alarm subjects in `-monitoring-N`. Synthesis keeps every unit in the part
/// it was first put in (given the previous placement), so adding or removing a function never
/// moves another's resources to a different stack, which would replace them.
public struct Placement: Sendable, Hashable, Codable {
    /// Function name → compute part.
    public var compute: [String: Int]
    /// First path segment → API part.
    public var api: [String: Int]
    /// `function:<name>` or `database:<name>` → monitoring part.
    public var monitoring: [String: Int]

    /// An empty placement.
    public init(compute: [String: Int] = [:], api: [String: Int] = [:], monitoring: [String: Int] = [:]) {
        self.compute = compute
        self.api = api
        self.monitoring = monitoring
    }
}

extension Placement {
    /// Where deployed split stacks hold each unit, so synthesis keeps them there: the compute
    /// part of every function (by its `…Function` resource), the api part of every route group
    /// (by its `…InvokePermission`), the monitoring part of every alarm subject. `stacks` maps a
    /// deployed stack's name to the logical ids of its template's resources.
    public init(deployed stacks: [String: Set<String>], state: DesiredState, stage: Stage) {
        self.init()
        let naming = Naming(project: state.project, stage: stage.name)
        func part(of stack: String, _ kind: StackKind) -> Int? {
            let base = naming.stackName(kind)
            if stack == base { return 1 }
            guard stack.hasPrefix(base + "-"), let part = Int(stack.dropFirst(base.count + 1)) else { return nil }
            return part
        }
        for (stack, resources) in stacks {
            if let part = part(of: stack, .compute) {
                for function in state.functions where resources.contains(Naming.LogicalId.function(function.name)) {
                    compute[function.name] = part
                }
            } else if let part = part(of: stack, .api) {
                for function in state.functions {
                    guard let path = function.api?.path,
                        resources.contains(Naming.LogicalId.invokePermission(function.name))
                    else { continue }
                    api[path.split(separator: "/").first.map(String.init) ?? "/"] = part
                }
            } else if let part = part(of: stack, .monitoring) {
                for function in state.functions where resources.contains(Naming.LogicalId.errorsAlarm(function.name)) {
                    monitoring["function:\(function.name)"] = part
                }
                for database in state.databases where resources.contains(Naming.LogicalId.cpuAlarm(database.name)) {
                    monitoring["database:\(database.name)"] = part
                }
            }
        }
    }
}

/// Packs units into parts under a resource and a byte budget, keeping previous placements.
struct Packer {
    struct Unit {
        let key: String
        let resources: Int
        let bytes: Int
    }

    let resourceBudget: Int
    let byteBudget: Int
    /// Budget taken by the first part's fixed content (the REST API, the topic).
    let firstPartOverhead: (resources: Int, bytes: Int)

    /// Unit key → part (from 1). Units keep their previous part while it has room; new units
    /// go, in key order, to the lowest part with room.
    func pack(_ units: [Unit], previous: [String: Int]) -> [String: Int] {
        var used: [Int: (resources: Int, bytes: Int)] = [1: firstPartOverhead]
        var result: [String: Int] = [:]
        func fits(_ unit: Unit, in part: Int) -> Bool {
            let current = used[part] ?? (0, 0)
            return current.resources + unit.resources <= resourceBudget && current.bytes + unit.bytes <= byteBudget
        }
        func place(_ unit: Unit, in part: Int) {
            let current = used[part] ?? (0, 0)
            used[part] = (current.resources + unit.resources, current.bytes + unit.bytes)
            result[unit.key] = part
        }
        let sorted = units.sorted { $0.key < $1.key }
        for unit in sorted {
            if let part = previous[unit.key], part >= 1, fits(unit, in: part) { place(unit, in: part) }
        }
        for unit in sorted where result[unit.key] == nil {
            var part = 1
            while !fits(unit, in: part), used[part] != nil || part == 1 {
                part += 1
            }
            place(unit, in: part)
        }
        return result
    }
}
