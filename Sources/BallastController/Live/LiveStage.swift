import BallastPlan

/// Everything the plan of one stage needs from AWS, read in one pass.
public struct LiveStage: Sendable {
    /// The stage's stacks (name prefix `<project>-<stage>-`).
    public var stacks: [LiveStack]
    /// Per handler name, its alias, the version `live` points at, and its rollout tag.
    public var functions: [String: LiveFunction]
    /// The stage's alarms (name prefix `<project>-<stage>-`).
    public var alarms: [LiveAlarm]
    /// Image text (`repo:tag`) → digest, for every desired image given by tag.
    public var imageDigests: [String: String]
}
