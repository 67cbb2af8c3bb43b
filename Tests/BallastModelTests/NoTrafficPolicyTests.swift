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

    static let checks = """
        api: { path: /orders, methods: [GET] }
        checks:
          - { name: list, method: GET, path: /orders, expect: { status: 200 } }
        """

    static func errors(stage: String, function: String) -> [String] {
        do {
            _ = try state(stage: stage, function: function)
            return []
        } catch let errors as DesiredStateErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("probe with checks: the time between probes defaults to 1m; the stage's, then the function's, set it")
    func probe() throws {
        func orders(_ state: DesiredState) throws -> ResolvedFunction {
            let stage = try #require(state.stage(named: "dev"))
            return try #require(state.functions(in: stage).first)
        }
        let plain = try orders(
            Self.state(stage: "{ strategy: allAtOnce }", function: Self.checks + "\nrollout: { onNoTraffic: probe }"))
        #expect(plain.onNoTraffic == .probe)
        #expect(plain.probeEvery == .seconds(60))
        let stageProbes = "{ strategy: canary, percent: 10, bake: 5m, onNoTraffic: probe, probeEvery: 30s }"
        let staged = try orders(Self.state(stage: stageProbes, function: Self.checks))
        #expect(staged.onNoTraffic == .probe)
        #expect(staged.probeEvery == .seconds(30))
        let own = try orders(Self.state(stage: stageProbes, function: Self.checks + "\nrollout: { probeEvery: 2m }"))
        #expect(own.probeEvery == .seconds(120))
    }

    @Test(
        "bad probes are errors naming the file and line",
        arguments: [
            (
                "{ strategy: allAtOnce }", "rollout: { onNoTraffic: probe }",
                "functions/orders.yaml:3:25: onNoTraffic: probe sends the checks of function 'orders' to its new version in stage 'dev', but it has none; add 'checks:' to functions/orders.yaml, or use proceed or halt"
            ),
            (
                "{ strategy: canary, percent: 10, bake: 5m, onNoTraffic: probe }", "",
                "ballast.yaml:8:70: onNoTraffic: probe sends the checks of function 'orders' to its new version in stage 'dev', but it has none"
            ),
            (
                "{ strategy: allAtOnce }", "rollout: { onNoTraffic: probe, probeEvery: 500ms }",
                "functions/orders.yaml:3:44: 'probeEvery' must be from 1s to 1h, found 500ms"
            ),
            (
                "{ strategy: allAtOnce }", "rollout: { onNoTraffic: halt, probeEvery: 1m }",
                "functions/orders.yaml:3:31: 'probeEvery' in 'rollout' applies to onNoTraffic: probe only, found onNoTraffic: halt"
            ),
            (
                "{ strategy: allAtOnce }", "rollout: { onNoTraffic: prob }",
                "functions/orders.yaml:3:25: 'onNoTraffic' in 'rollout' must be proceed, halt or probe, found 'prob'; did you mean 'probe'?"
            ),
        ])
    func badProbe(stage: String, function: String, expected: String) {
        let errors = Self.errors(stage: stage, function: function)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
    }
}
