import BallastModel

extension ResolvedFunction {
    /// The threshold of the handler's errors alarm (errors a minute), Ballast's default when
    /// the desired state leaves it out; the rollout gate holds a new version to it too.
    public var errorsAlarmThreshold: Int { alarms.errors ?? Alarms.Defaults.errors }

    /// The threshold of the handler's duration alarm in milliseconds (by default a share of the
    /// timeout); the rollout gate holds a new version's p99 duration to it.
    public var durationAlarmThresholdMs: Int {
        alarms.durationMs ?? Int(DurationText.milliseconds(of: timeout)) * Alarms.Defaults.durationPercentOfTimeout
            / 100
    }
}
