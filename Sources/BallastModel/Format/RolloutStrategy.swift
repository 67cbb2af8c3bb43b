/// How a new version of a handler reaches traffic through the alias `live`.
public enum RolloutStrategy: Sendable, Hashable {
    /// All traffic moves to the new version at once.
    case allAtOnce
    /// `percent` of traffic for `bake`, then all of it.
    case canary(percent: Int, bake: Duration)
    /// `percent` more every `every` until all of it.
    case linear(percent: Int, every: Duration)

    /// The names the format uses for the strategies.
    public static let names = ["allAtOnce", "canary", "linear"]

    /// The weights of the new version at each step, ending at 100.
    public var steps: [Int] {
        switch self {
        case .allAtOnce: return [100]
        case .canary(let percent, _): return [percent, 100]
        case .linear(let percent, _):
            return Array(stride(from: percent, to: 100, by: percent)) + [100]
        }
    }

    /// How long each step but the last lasts.
    public var stepDuration: Duration {
        switch self {
        case .allAtOnce: return .zero
        case .canary(_, let bake): return bake
        case .linear(_, let every): return every
        }
    }
}
