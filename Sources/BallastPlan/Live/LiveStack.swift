import BallastSynth

/// A stack as it stands in AWS, read by an adapter (DescribeStacks, GetTemplate): the input the
/// pure diff compares the synthesized stacks with.
public struct LiveStack: Sendable, Hashable {
    /// The stack name.
    public var name: String
    /// CloudFormation's status, e.g. `CREATE_COMPLETE`, `UPDATE_ROLLBACK_FAILED`.
    public var status: String
    /// The deployed template (GetTemplate, stage `Original`), parsed.
    public var template: JSONValue
    /// Parameter values.
    public var parameters: [String: String]
    /// Stack tags.
    public var tags: [String: String]
    /// Whether termination protection is on.
    public var terminationProtection: Bool

    /// Creates a live stack.
    public init(
        name: String, status: String, template: JSONValue, parameters: [String: String] = [:],
        tags: [String: String] = [:], terminationProtection: Bool = false
    ) {
        self.name = name
        self.status = status
        self.template = template
        self.parameters = parameters
        self.tags = tags
        self.terminationProtection = terminationProtection
    }

    /// Whether Ballast made it: tagged `managed-by: ballast`.
    public var isManagedByBallast: Bool { tags["managed-by"] == "ballast" }
}
