import Foundation

/// When the controller looks at a stage again: after the poll interval plus some jitter (so
/// many controllers do not poll a forge in step), and after failures, later each time.
public struct LoopSchedule: Sendable, Hashable {
    /// Between two polls.
    public var interval: Duration
    /// At most this much is added to an interval.
    public var jitter: Duration
    /// The longest wait after failures.
    public var maximumBackoff: Duration

    /// A schedule.
    public init(interval: Duration, jitter: Duration, maximumBackoff: Duration) {
        self.interval = interval
        self.jitter = jitter
        self.maximumBackoff = maximumBackoff
    }

    /// The wait before the next poll; `unitRandom` in 0..<1 picks the jitter.
    public func pollDelay(unitRandom: Double) -> Duration {
        interval + jitter * max(0, min(unitRandom, 1))
    }

    /// The wait before retrying a stage that failed `failures` times in a row: the interval,
    /// doubled with every further failure, at most `maximumBackoff`.
    public func backoff(failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = interval
        for _ in 1..<min(failures, 32) where delay < maximumBackoff {
            delay = delay * 2
        }
        return min(delay, maximumBackoff)
    }
}
