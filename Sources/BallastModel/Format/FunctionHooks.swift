/// Functions a rollout invokes at its turning points (`hooks:` in `functions/<name>.yaml`), as
/// CodeDeploy's Lambda hooks: `beforeTraffic` after the new version is published and its checks
/// pass, before any traffic moves (a schema migration, a smoke test); `afterTraffic` once all
/// traffic is on the new version, before the rollout is recorded complete (an integration test
/// against the deployed API). A failing hook, or one that does not answer within `timeout`,
/// stops the rollout with 0% shifted (before) or sends all traffic back (after).
public struct FunctionHooks: Sendable, Hashable {
    /// The turning points of a rollout at which a hook is invoked.
    public enum Point: String, Sendable, Hashable, CaseIterable {
        /// After the checks pass, before any traffic moves.
        case beforeTraffic
        /// Once all traffic is on the new version, before the rollout is recorded complete.
        case afterTraffic
    }

    /// The function (its name in `functions/`) invoked, at its alias `live`, before traffic.
    public var beforeTraffic: Located<String>?
    /// The function (its name in `functions/`) invoked, at its alias `live`, after traffic.
    public var afterTraffic: Located<String>?
    /// How long Ballast waits for a hook's answer.
    public var timeout: Duration

    /// The default wait for a hook's answer.
    public static let defaultTimeout: Duration = .seconds(30)
    /// The waits allowed: an AWS call Ballast makes ends after 60 seconds, so a hook must answer
    /// well within that.
    public static let timeoutRange: ClosedRange<Duration> = .seconds(1)...(.seconds(50))

    /// Creates hooks.
    public init(
        beforeTraffic: Located<String>? = nil, afterTraffic: Located<String>? = nil,
        timeout: Duration = defaultTimeout
    ) {
        self.beforeTraffic = beforeTraffic
        self.afterTraffic = afterTraffic
        self.timeout = timeout
    }

    /// The function invoked at `point`, if any.
    public subscript(point: Point) -> Located<String>? {
        switch point {
        case .beforeTraffic: beforeTraffic
        case .afterTraffic: afterTraffic
        }
    }

    /// Whether any hook is set.
    public var isEmpty: Bool { beforeTraffic == nil && afterTraffic == nil }
}
