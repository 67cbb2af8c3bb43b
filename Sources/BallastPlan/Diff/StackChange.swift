import BallastSynth

/// What happens to one stack of a stage.
public struct StackChange: Sendable, Hashable {
    /// The stack-level action.
    public enum Action: String, Sendable, Hashable, Codable {
        /// Desired, not in AWS.
        case create
        /// Desired and in AWS, with a different template, parameters, tags or protection.
        case update
        /// Desired and in AWS as desired.
        case unchanged
        /// In AWS with the stage's prefix and `managed-by: ballast`, no longer desired.
        case orphaned
    }

    /// The stack name.
    public var name: String
    /// What kind of stack it is (nil for orphans, whose kind is only guessed from the name).
    public var kind: StackKind?
    /// What happens.
    public var action: Action
    /// Resource changes (every resource is `add` for a create, `remove` for an orphan).
    public var resources: [ResourceChange]
    /// Parameters whose value changes, name → (old, new).
    public var parameterChanges: [String: ValueChange]
    /// Stack tags whose value changes.
    public var tagChanges: [String: ValueChange]
    /// Termination protection changes (old → new).
    public var terminationProtectionChange: ValueChange?
    /// How many resources of each CloudFormation type the live stack holds (empty for a
    /// create), so a plan can tell what share of the stage it deletes.
    public var liveResourceTypes: [String: Int] = [:]

    /// A before/after pair of texts (nil: absent).
    public struct ValueChange: Sendable, Hashable, Codable {
        public var old: String?
        public var new: String?
    }

    /// Creates a change.
    public init(
        name: String, kind: StackKind?, action: Action, resources: [ResourceChange],
        parameterChanges: [String: ValueChange], tagChanges: [String: ValueChange],
        terminationProtectionChange: ValueChange?, liveResourceTypes: [String: Int] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.action = action
        self.resources = resources
        self.parameterChanges = parameterChanges
        self.tagChanges = tagChanges
        self.terminationProtectionChange = terminationProtectionChange
        self.liveResourceTypes = liveResourceTypes
    }

    /// Resources per CloudFormation type in `template`.
    static func resourceTypes(of template: JSONValue) -> [String: Int] {
        (template["Resources"]?.objectValue ?? [:]).values.reduce(into: [:]) { counts, resource in
            counts[TemplateDiff.type(of: resource), default: 0] += 1
        }
    }

    /// Whether any resource is replaced.
    public var replacesResources: Bool { resources.contains(where: \.replacement) }

    /// Whether the change would replace or remove data.
    public var losesData: Bool { resources.contains(where: \.losesData) }
}

/// Compares the synthesized stacks of a stage with the live ones.
public enum StageDiff {
    /// One change per desired stack (in deployment order), then one per orphan.
    ///
    /// `prefix` is `<project>-<stage>-`: a live stack with that prefix, tagged
    /// `managed-by: ballast` and this project and stage, that is no longer desired is an orphan.
    public static func changes(desired: StageAssembly, live: [LiveStack], project: String) -> [StackChange] {
        let liveByName = Dictionary(live.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let stageTags = StackTags.compared(project: project, stage: desired.stage.name)
        var changes: [StackChange] = []
        for stack in desired.stacks {
            // A stack in review (a create never executed) holds nothing yet: it is still to create.
            guard let current = liveByName[stack.name], StackCondition.of(status: current.status) != .inReview else {
                let resources = (stack.json["Resources"]?.objectValue ?? [:]).keys.sorted().map { id in
                    ResourceChange(
                        logicalId: id, type: TemplateDiff.type(of: stack.json["Resources"]![id]!), action: .add)
                }
                changes.append(
                    StackChange(
                        name: stack.name, kind: stack.kind, action: .create, resources: resources,
                        parameterChanges: [:],
                        tagChanges: [:], terminationProtectionChange: nil))
                continue
            }
            let resources = TemplateDiff.changes(from: current.template, to: stack.json)
            let parameters = differences(current.parameters, stack.parameters)
            let tags = differences(StackTags.comparable(current.tags), stageTags)
            let protection =
                current.terminationProtection == stack.terminationProtection
                ? nil
                : StackChange.ValueChange(
                    old: String(current.terminationProtection), new: String(stack.terminationProtection))
            // Outputs and the description change no resource but still need an update.
            let frameChanged =
                !ComparableValue.equal(current.template["Outputs"], stack.json["Outputs"])
                || !ComparableValue.equal(current.template["Description"], stack.json["Description"])
            let changed =
                !resources.isEmpty || !parameters.isEmpty || !tags.isEmpty || protection != nil || frameChanged
            changes.append(
                StackChange(
                    name: stack.name, kind: stack.kind, action: changed ? .update : .unchanged, resources: resources,
                    parameterChanges: parameters, tagChanges: tags, terminationProtectionChange: protection,
                    liveResourceTypes: StackChange.resourceTypes(of: current.template)))
        }
        let desiredNames = Set(desired.stacks.map(\.name))
        let prefix = "\(project)-\(desired.stage.name)-"
        for stack in live.sorted(by: { $0.name < $1.name })
        where !desiredNames.contains(stack.name) && stack.name.hasPrefix(prefix) && stack.isManagedByBallast
            && stack.tags["project"] == project && stack.tags["stage"] == desired.stage.name
        {
            let resources = (stack.template["Resources"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
                id, resource in
                let type = TemplateDiff.type(of: resource)
                return ResourceChange(
                    logicalId: id, type: type, action: .remove,
                    losesData: TemplateDiff.isStateful(type) && !TemplateDiff.retains(resource))
            }
            changes.append(
                StackChange(
                    name: stack.name, kind: nil, action: .orphaned, resources: resources, parameterChanges: [:],
                    tagChanges: [:], terminationProtectionChange: nil,
                    liveResourceTypes: StackChange.resourceTypes(of: stack.template)))
        }
        return changes
    }

    private static func differences(_ old: [String: String], _ new: [String: String]) -> [String: StackChange
        .ValueChange]
    {
        var result: [String: StackChange.ValueChange] = [:]
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            result[key] = StackChange.ValueChange(old: old[key], new: new[key])
        }
        return result
    }
}
