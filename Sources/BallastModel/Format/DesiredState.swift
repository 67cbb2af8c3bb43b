/// The whole desired state of one application: what `desired/` says, validated.
///
/// Values keep the position they were read from so that later checks and the diff can point
/// at the line to change.
public struct DesiredState: Sendable, Hashable {
    /// The project name, the first part of every AWS name Ballast makes.
    public var project: String
    /// The stages (environments), sorted by name.
    public var stages: [Stage]
    /// The Lambda handlers, sorted by name.
    public var functions: [FunctionSpec]
    /// The Postgres databases, sorted by name.
    public var databases: [DatabaseSpec]
    /// Raw CloudFormation templates deployed as their own stacks, sorted by name.
    public var templates: [RawTemplate]

    /// Creates a desired state from its parts (already validated).
    public init(
        project: String, stages: [Stage], functions: [FunctionSpec], databases: [DatabaseSpec],
        templates: [RawTemplate]
    ) {
        self.project = project
        self.stages = stages.sorted { $0.name < $1.name }
        self.functions = functions.sorted { ($0.name, $0.file) < ($1.name, $1.file) }
        self.databases = databases.sorted { ($0.name, $0.file) < ($1.name, $1.file) }
        self.templates = templates.sorted { $0.name < $1.name }
    }

    /// The stage of that name.
    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name }
    }

    /// The stages that deploy from `branch`.
    public func stages(forBranch branch: String) -> [Stage] {
        stages.filter { $0.branch == branch }
    }

    /// The database of that name.
    public func database(named name: String) -> DatabaseSpec? {
        databases.first { $0.name == name }
    }

    /// Every function as it applies to `stage`, overrides merged.
    public func functions(in stage: Stage) -> [ResolvedFunction] {
        functions.map { $0.resolved(for: stage) }
    }
}
