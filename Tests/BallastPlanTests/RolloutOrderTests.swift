import BallastModel
import BallastPlan
import Testing

@Suite("the order rollouts start in: hooks before the handlers that invoke them")
struct RolloutOrderTests {
    static func functions(_ files: [String: String]) throws -> [ResolvedFunction] {
        let project = """
            project: shop
            stages:
              dev:
                branch: dev
                region: us-east-1
                network: { cidr: 10.10.0.0/16, azs: 2 }
                monitoring: { email: dev@example.com }

            """
        var tree = ["ballast.yaml": project]
        for (name, extra) in files {
            tree["functions/\(name).yaml"] =
                "name: \(name)\nimage: 123456789012.dkr.ecr.us-east-1.amazonaws.com/\(name):1.0.0\n" + extra
        }
        let state = try DesiredStateLoader.load(DesiredTree(files: tree))
        return state.functions(in: try #require(state.stage(named: "dev")))
    }

    static func needs(_ names: [String]) -> [FunctionRolloutNeed] {
        names.map {
            FunctionRolloutNeed(function: $0, action: .rollout, currentVersion: "1", reasons: [], strategy: .allAtOnce)
        }
    }

    @Test("a handler named as another's beforeTraffic or afterTraffic hook starts first; the rest keep their order")
    func hooksFirst() throws {
        let functions = try Self.functions([
            "billing": "hooks: { beforeTraffic: migrate }\n", "migrate": "",
            "orders": "hooks: { afterTraffic: smoke }\n",
            "smoke": "",
        ])
        let ordered = FunctionRolloutNeed.hooksFirst(
            Self.needs(["billing", "migrate", "orders", "smoke"]), functions: functions)
        #expect(ordered.map(\.function) == ["migrate", "smoke", "billing", "orders"])
    }

    @Test("without hooks the order is the plan's")
    func noHooks() throws {
        let functions = try Self.functions(["billing": "", "orders": ""])
        #expect(
            FunctionRolloutNeed.hooksFirst(Self.needs(["orders", "billing"]), functions: functions).map(\.function)
                == ["orders", "billing"])
    }
}
