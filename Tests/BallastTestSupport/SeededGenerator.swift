/// A small seeded random number generator (Steele, Lea and Flood's SplitMix64), so a
/// generative test draws the same cases on every run and a failure names a reproducible seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in `0..<1` from the top 53 bits.
    public mutating func unitRandom() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
