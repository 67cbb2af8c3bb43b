import BallastSynth

/// The JSON form of a plan, for CI bots that post the preview on a pull request. Versioned:
/// fields are only added within a schema version; anything else bumps `schemaVersion`.
public struct PlanDocument: Sendable, Hashable, Codable {
    /// The schema version of this document.
    public var schemaVersion: Int
    /// The summary of every stage together.
    public var summary: PlanSummary
    /// The summary line as text.
    public var summaryLine: String
    /// Per stage.
    public var stages: [Stage]

    /// This version.
    public static let currentSchemaVersion = 1

    /// One stage.
    public struct Stage: Sendable, Hashable, Codable {
        public var name: String
        public var region: String
        public var summary: PlanSummary
        public var stacks: [Stack]
        public var rollouts: [Rollout]
        public var alarmDrift: [Drift]
        public var actions: [PlannedAction]
        public var refusals: [String]
    }

    /// One stack.
    public struct Stack: Sendable, Hashable, Codable {
        public var name: String
        /// `create`, `update`, `unchanged` or `orphaned`.
        public var action: StackChange.Action
        public var resources: [Resource]
    }

    /// One resource.
    public struct Resource: Sendable, Hashable, Codable {
        public var logicalId: String
        public var type: String
        /// `add`, `remove` or `modify`.
        public var action: ResourceChange.Action
        public var replacement: Bool
        public var losesData: Bool
        public var properties: [Property]
    }

    /// One changed property.
    public struct Property: Sendable, Hashable, Codable {
        public var path: String
        public var old: JSONValue?
        public var new: JSONValue?
        public var causesReplacement: Bool
    }

    /// One handler's rollout need.
    public struct Rollout: Sendable, Hashable, Codable {
        public var function: String
        /// `createAlias`, `rollout`, `inProgress` or `none`.
        public var action: FunctionRolloutNeed.Action
        public var currentVersion: String?
        public var reasons: [String]
        public var strategy: String
    }

    /// One drifted alarm.
    public struct Drift: Sendable, Hashable, Codable {
        public var alarm: String
        public var differences: [String]
    }

    /// The document of these plans.
    public init(_ plans: [StagePlan]) {
        schemaVersion = Self.currentSchemaVersion
        summary = plans.map(\.summary).reduce(PlanSummary(), +)
        summaryLine = summary.line
        stages = plans.map { plan in
            Stage(
                name: plan.stage, region: plan.region, summary: plan.summary,
                stacks: plan.stacks.map { stack in
                    Stack(
                        name: stack.name, action: stack.action,
                        resources: stack.resources.map { resource in
                            Resource(
                                logicalId: resource.logicalId, type: resource.type, action: resource.action,
                                replacement: resource.replacement, losesData: resource.losesData,
                                properties: resource.properties.map {
                                    Property(
                                        path: $0.path, old: $0.old, new: $0.new, causesReplacement: $0.causesReplacement
                                    )
                                })
                        })
                },
                rollouts: plan.rollouts.map {
                    Rollout(
                        function: $0.function, action: $0.action, currentVersion: $0.currentVersion,
                        reasons: $0.reasons,
                        strategy: RolloutText.describe($0.strategy))
                },
                alarmDrift: plan.alarmDrift.map { Drift(alarm: $0.name, differences: $0.differences) },
                actions: plan.actions, refusals: plan.refusals)
        }
    }
}
