/// Where retries get their randomness and how they wait; tests pass a seeded source and a sleep
/// that records instead of sleeping.
public struct RetryTiming: Sendable {
    /// A uniform random number in `0..<1`, for the jitter.
    public var unitRandom: @Sendable () -> Double
    /// Waits for a duration; throws `CancellationError` if the task is cancelled meanwhile.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Timing from its parts.
    public init(
        unitRandom: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.unitRandom = unitRandom
        self.sleep = sleep
    }

    /// The system's random numbers and `Task.sleep`.
    public static let live = RetryTiming(
        unitRandom: { Double.random(in: 0..<1) },
        sleep: { try await Task.sleep(for: $0) }
    )
}
