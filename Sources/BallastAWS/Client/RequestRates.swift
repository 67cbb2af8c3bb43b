/// How many requests a second Ballast sends to each AWS service in one region, at most: the
/// requests of every stage and application in the process share one bucket per service and
/// region, so a drift check of many never uses up the account's rate that their deploys need.
///
/// AWS throttles per account and region with token buckets of its own. The defaults stay under
/// the rates AWS documents where it documents them (Lambda: 15 control-plane requests a second,
/// GetFunction 100) and are conservative where it does not (CloudFormation publishes none).
public struct RequestRates: Sendable, Hashable {
    /// Requests a second by service id (`CloudFormation`, `Lambda`, …); a service not named
    /// uses `other`.
    public var perService: [String: Int]
    /// The rate of a service without its own.
    public var other: Int

    /// Rates by service id, `other` for the rest.
    public init(perService: [String: Int], other: Int) {
        self.perService = perService
        self.other = other
    }

    /// The defaults: CloudFormation 5, Lambda 10, CloudWatch 10, ECR 10, S3 50, STS 10, others 10.
    public static let standard = RequestRates(
        perService: ["CloudFormation": 5, "Lambda": 10, "CloudWatch": 10, "ECR": 10, "S3": 50, "STS": 10], other: 10)

    /// The rate of `service`.
    public func rate(of service: String) -> Int { perService[service] ?? other }

    /// How many requests may go at once after a quiet spell: two seconds' worth.
    public func burst(of service: String) -> Int { 2 * rate(of: service) }
}
