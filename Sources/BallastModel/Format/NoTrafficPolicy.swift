/// What a rollout does when the new version gets no invocations during a step, so its own
/// metrics cannot tell whether it is healthy (`rollout.onNoTraffic`). The step is first
/// extended, up to three times its length; then:
public enum NoTrafficPolicy: String, Sendable, Hashable, CaseIterable {
    /// Go on to the next step, as if the version were healthy (the default: a quiet stage,
    /// such as dev at night, still gets its rollouts).
    case proceed
    /// Stay at the current step until the version is invoked, or someone promotes or aborts.
    case halt
    /// Send the function's checks to the new version (never the alias) every `probeEvery`
    /// while it gets no invocations, so the step has data: a failing probe rolls it back, a
    /// step whose probes passed goes on as if the version had been invoked. Needs `checks:`.
    case probe

    /// The default time between probes.
    public static let defaultProbeEvery: Duration = .seconds(60)
    /// The times between probes allowed.
    public static let probeEveryRange: ClosedRange<Duration> = .seconds(1)...(.seconds(3600))

    /// The names the format accepts.
    public static let names = allCases.map(\.rawValue)
}
