/// What a rollout does when the new version gets no invocations during a step, so its own
/// metrics cannot tell whether it is healthy (`rollout.onNoTraffic`). The step is first
/// extended, up to three times its length; then:
public enum NoTrafficPolicy: String, Sendable, Hashable, CaseIterable {
    /// Go on to the next step, as if the version were healthy (the default: a quiet stage,
    /// such as dev at night, still gets its rollouts).
    case proceed
    /// Stay at the current step until the version is invoked, or someone promotes or aborts.
    case halt

    /// The names the format accepts.
    public static let names = allCases.map(\.rawValue)
}
