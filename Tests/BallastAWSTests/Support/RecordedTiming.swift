import BallastAWS

/// Retry timing for tests: jitter from a seeded SplitMix64, and sleeps that are recorded, not slept.
struct RecordedTiming: Sendable {
    let sleeps = Protected<[Duration]>([])
    private let generator: Protected<SplitMix64>

    init(seed: UInt64) {
        generator = Protected(SplitMix64(seed: seed))
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
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.unitRandom() }
    }
}

/// SplitMix64: small and seedable, so a schedule can be replayed.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in `0..<1` from the top 53 bits.
    mutating func unitRandom() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
