import BallastModel
import Foundation
import Testing

@Suite("hooks: functions a rollout invokes before and after traffic")
struct FunctionHooksTests {
    static func load(_ orders: String) throws -> DesiredState {
        let project = """
            project: shop
            stages:
              dev:
                branch: dev
                region: us-east-1
                network: { cidr: 10.10.0.0/16, azs: 2 }
                monitoring: { email: dev@example.com }

            """
        let migrate = "name: migrate\nimage: 123456789012.dkr.ecr.us-east-1.amazonaws.com/migrate:1.0.0\n"
        return try DesiredStateLoader.load(
            DesiredTree(files: [
                "ballast.yaml": project, "functions/migrate.yaml": migrate,
                "functions/orders.yaml":
                    "name: orders\nimage: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.0.0\n" + orders,
            ]))
    }

    static func errors(_ orders: String) -> [String] {
        do {
            _ = try load(orders)
            return []
        } catch let errors as DesiredStateErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static func hooks(_ state: DesiredState) throws -> FunctionHooks {
        let stage = try #require(state.stage(named: "dev"))
        return try #require(state.functions(in: stage).first { $0.name == "orders" }).hooks
    }

    @Test("a beforeTraffic hook names another function; its timeout defaults to 30s; a stage may replace them")
    func reads() throws {
        let plain = try Self.hooks(Self.load("hooks: { beforeTraffic: migrate }"))
        #expect(plain.beforeTraffic?.value == "migrate")
        #expect(plain.timeout == .seconds(30))
        let staged = try Self.hooks(
            Self.load(
                "hooks: { beforeTraffic: migrate }\nstages:\n  dev: { hooks: { beforeTraffic: migrate, timeout: 5s } }")
        )
        #expect(staged.timeout == .seconds(5))
        #expect(try Self.hooks(Self.load("")).isEmpty)
    }

    @Test("an afterTraffic hook names another function, beside or instead of beforeTraffic; a stage may replace both")
    func readsAfterTraffic() throws {
        let after = try Self.hooks(Self.load("hooks: { afterTraffic: migrate, timeout: 10s }"))
        #expect(after.afterTraffic?.value == "migrate")
        #expect(after.beforeTraffic == nil)
        #expect(after.timeout == .seconds(10))
        #expect(!after.isEmpty)
        #expect(after[.afterTraffic]?.value == "migrate")
        let both = try Self.hooks(Self.load("hooks: { beforeTraffic: migrate, afterTraffic: migrate }"))
        #expect(both.beforeTraffic?.value == "migrate" && both.afterTraffic?.value == "migrate")
        let staged = try Self.hooks(
            Self.load("hooks: { afterTraffic: migrate }\nstages:\n  dev: { hooks: { beforeTraffic: migrate } }"))
        #expect(staged.afterTraffic == nil, "a stage's hooks replace the function's")
        #expect(staged.beforeTraffic?.value == "migrate")
    }

    @Test(
        "bad hooks are errors naming the file and line",
        arguments: [
            (
                "hooks: { beforeTraffic: migrat }",
                "functions/orders.yaml:3:25: beforeTraffic hook 'migrat' of function 'orders' is not a function of stage 'dev'; did you mean 'migrate'? (functions: migrate, orders)"
            ),
            (
                "hooks: { beforeTraffic: orders }",
                "functions/orders.yaml:3:25: function 'orders' names itself as its beforeTraffic hook in stage 'dev'; a hook is invoked at its alias live, which this very rollout moves (name another function)"
            ),
            (
                "hooks: { beforeTraffic: migrate, timeout: 2m }",
                "functions/orders.yaml:3:43: 'timeout' must be from 1s to 50s, found 2m"
            ),
            (
                "hooks: { afterTraffic: migrat }",
                "functions/orders.yaml:3:24: afterTraffic hook 'migrat' of function 'orders' is not a function of stage 'dev'; did you mean 'migrate'? (functions: migrate, orders)"
            ),
            (
                "hooks: { beforeTraffic: migrate, afterTraffic: orders }",
                "functions/orders.yaml:3:48: function 'orders' names itself as its afterTraffic hook in stage 'dev'; a hook is invoked at its alias live, which this very rollout moves (name another function)"
            ),
            (
                "hooks: { afterTraffic: migrate, timeout: 500ms }",
                "functions/orders.yaml:3:42: 'timeout' must be from 1s to 50s, found 500ms"
            ),
            (
                "hooks: { beforeTraffic: migrate }\nstages:\n  dev: { hooks: { afterTraffic: catalog } }",
                "functions/orders.yaml:5:33: afterTraffic hook 'catalog' of function 'orders' is not a function of stage 'dev'"
            ),
            (
                "hooks: { afterTrafic: migrate }",
                "functions/orders.yaml:3:10: unknown key 'afterTrafic' in 'hooks'"
            ),
        ])
    func bad(orders: String, expected: String) {
        let errors = Self.errors(orders)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
    }
}
