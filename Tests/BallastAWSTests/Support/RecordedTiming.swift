import BallastAWS
import BallastTestSupport

/// Retry timing for tests: jitter from a seeded SplitMix64, and sleeps that are recorded, not slept.
struct RecordedTiming: Sendable {
    let sleeps = Protected<[Duration]>([])
    private let generator: Protected<SeededGenerator>

    init(seed: UInt64) {
        generator = Protected(SeededGenerator(seed: seed))
    }

    var timing: RetryTiming {
        let sleeps = sleeps
        let generator = generator
        return RetryTiming(
            unitRandom: { generator.withLock { $0.unitRandom() } },
            sleep: { duration in sleeps.withLock { $0.append(duration) } }
        )
    }

    /// The first `count` numbers the same seed yields, to compute the expected schedule.
    static func unitRandoms(seed: UInt64, count: Int) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.unitRandom() }
    }
}
