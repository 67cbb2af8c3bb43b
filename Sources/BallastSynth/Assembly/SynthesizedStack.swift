import BallastModel

/// One stack of a stage, ready to deploy.
public struct SynthesizedStack: Sendable, Hashable {
    /// The stack name, `<project>-<stage>-<kind>[-<part>]`.
    public var name: String
    /// What the stack holds.
    public var kind: StackKind
    /// The part of a split stack, from 1.
    public var part: Int
    /// The template as JSON.
    public var json: JSONValue
    /// The template's canonical bytes, exactly what is deployed.
    public var body: String
    /// Parameter values to pass (raw templates only).
    public var parameters: [String: String]
    /// Export names this stack provides.
    public var exports: [String]
    /// Export names this stack imports.
    public var imports: [String]
    /// Stacks of the same stage that must be deployed first.
    public var dependsOn: [String]
    /// Whether termination protection is on (stages with database deletion protection).
    public var terminationProtection: Bool
    /// The stack policy, in stages with deletion protection for stacks holding data: it denies
    /// `Update:Replace` and `Update:Delete` on every stateful resource, so not even a change set
    /// made outside Ballast can replace the database.
    public var stackPolicy: JSONValue?

    /// Number of resources in the template.
    public var resourceCount: Int { json["Resources"]?.objectValue?.count ?? 0 }

    /// Size of the body in bytes.
    public var bodyBytes: Int { body.utf8.count }

    /// Whether the body is too large to send inline and must go through S3.
    public var needsUpload: Bool { bodyBytes > Template.Limits.inlineBodyBytes }
}

/// Every stack of one stage, in deployment order.
public struct StageAssembly: Sendable, Hashable {
    /// The stage.
    public var stage: Stage
    /// Its stacks, in deployment order.
    public var stacks: [SynthesizedStack]
    /// Where split units were placed (feed it back to keep them there).
    public var placement: Placement
}

/// The result of synthesizing a desired state.
public struct CloudAssembly: Sendable, Hashable {
    /// The project.
    public var project: String
    /// Per stage, sorted by stage name.
    public var stages: [StageAssembly]
}
