/// How Ballast waits for one stack operation: DescribeStacks with backoff (AWS's guidance for
/// polling an operation that takes seconds to hours), bounded by what the stack holds, so a
/// stack that never settles ends in an error naming what is still in progress, not a hang.
public struct StackWait: Sendable, Hashable {
    /// The pause before the second look.
    public var firstDelay: Duration
    /// The longest pause between two looks.
    public var maximumDelay: Duration
    /// How much longer each pause is than the one before.
    public var growth: Double
    /// How long the operation may take before Ballast gives up on it.
    public var bound: Duration

    /// A wait with explicit figures.
    public init(firstDelay: Duration, maximumDelay: Duration, growth: Double = 1.5, bound: Duration) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.growth = growth
        self.bound = bound
    }

    /// The pause after `polls` looks (0: after the first): `firstDelay` × `growth`^polls, at
    /// most `maximumDelay`.
    public func delay(afterPolls polls: Int) -> Duration {
        var delay = firstDelay
        for _ in 0..<max(0, polls) {
            delay = delay * growth
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }

    /// The bound for an operation on a stack of these resource types: a base plus each
    /// resource's allowance (resources in parallel make this generous, never short).
    public static func bound(resourceTypes: [String]) -> Duration {
        resourceTypes.reduce(base) { $0 + (allowances[$1] ?? defaultAllowance) }
    }

    /// What any operation gets, whatever the stack holds.
    public static let base: Duration = .seconds(10 * 60)
    /// A resource of a type not in `allowances`.
    public static let defaultAllowance: Duration = .seconds(2 * 60)
    /// Types AWS documents or is known to take long for: a DB instance (Multi-AZ creation and
    /// modifications take tens of minutes), a NAT gateway, a VPC endpoint.
    public static let allowances: [String: Duration] = [
        "AWS::RDS::DBInstance": .seconds(90 * 60),
        "AWS::RDS::DBCluster": .seconds(90 * 60),
        "AWS::EC2::NatGateway": .seconds(15 * 60),
        "AWS::EC2::VPCEndpoint": .seconds(15 * 60),
    ]
}
