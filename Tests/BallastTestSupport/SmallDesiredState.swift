/// The smallest desired state the tests deploy, as `ballast.yaml`.
public enum SmallDesiredState {
    /// Project `name` with one stage `dev` (branch `main`, us-east-1: a network of one AZ and a
    /// monitoring stack) alerting `email`, rolling out by `rollout`.
    public static func project(
        _ name: String, email: String = "dev@example.com", rollout: String = "{ strategy: allAtOnce }"
    ) -> String {
        """
        project: \(name)
        stages:
          dev:
            branch: main
            region: us-east-1
            network:    { cidr: 10.10.0.0/16, azs: 1, natGateways: 0 }
            monitoring: { email: \(email) }
            rollout:    \(rollout)
        """
    }
}
