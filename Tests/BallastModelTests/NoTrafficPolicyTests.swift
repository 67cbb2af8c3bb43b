import BallastModel
import Foundation
import Testing

@Suite("rollout.onNoTraffic")
struct NoTrafficPolicyTests {
    static func state(stage: String, function: String) throws -> DesiredState {
        let project = """
            project: shop
            stages:
              dev:
                branch: dev
                region: us-east-1
                network: { cidr: 10.10.0.0/16, azs: 2 }
                monitoring: { email: dev@example.com }
                rollout: \(stage)

            """
        let orders = """
            name: orders
            image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.0.0
            \(function)

            """
        return try DesiredStateLoader.load(
            DesiredTree(files: ["ballast.yaml": project, "functions/orders.yaml": orders]))
    }

    static func policy(_ state: DesiredState) throws -> NoTrafficPolicy {
        let stage = try #require(state.stage(named: "dev"))
        return try #require(state.functions(in: stage).first).onNoTraffic
    }

    @Test("proceed when nothing says otherwise")
    func defaultProceeds() throws {
        #expect(try Self.policy(Self.state(stage: "{ strategy: allAtOnce }", function: "")) == .proceed)
    }

    @Test("the stage's setting applies; the function's, then its stage override, win over it")
    func inheritance() throws {
        let stageHalts = "{ strategy: canary, percent: 10, bake: 5m, onNoTraffic: halt }"
        #expect(try Self.policy(Self.state(stage: stageHalts, function: "")) == .halt)
        #expect(
            try Self.policy(Self.state(stage: stageHalts, function: "rollout: { onNoTraffic: proceed }")) == .proceed)
        #expect(
            try Self.policy(
                Self.state(
                    stage: "{ strategy: allAtOnce }",
                    function: "rollout: { onNoTraffic: proceed }\nstages:\n  dev: { rollout: { onNoTraffic: halt } }"))
                == .halt)
    }
}
