import BallastModel

/// Writes synthetic desired states of a chosen size, shaped like the example application:
/// used by tests (limits, stability) and benchmarks (1,000 functions per stage).
public struct DesiredStateGenerator: Sendable {
    /// Handlers to generate.
    public var functionCount: Int
    /// Databases to generate (functions are spread over them).
    public var databaseCount: Int
    /// Stage names; the first deploys `main` to eu-central-1, the others their own branch.
    public var stages: [String]

    /// A generator for `functionCount` functions.
    public init(functionCount: Int, databaseCount: Int = 2, stages: [String] = ["dev", "prod"]) {
        self.functionCount = functionCount
        self.databaseCount = databaseCount
        self.stages = stages
    }

    /// Regions assigned to stages in turn.
    static let regions = ["us-east-1", "eu-central-1", "us-west-2", "eu-west-1"]

    /// The files of the state, by path relative to `desired/`.
    public func files() -> [String: String] {
        var files: [String: String] = [:]
        var project = "project: gen\nstages:\n"
        for (index, stage) in stages.enumerated() {
            let region = Self.regions[index % Self.regions.count]
            let rollout =
                index == 0 ? "{ strategy: allAtOnce }" : "{ strategy: canary, percent: 10, bake: 5m }"
            project += """
                  \(stage):
                    branch: \(index == 0 ? "dev" : stage == "prod" ? "main" : stage)
                    region: \(region)
                    network: { cidr: 10.\(10 + index).0.0/16, azs: \(min(2 + index, 3)), natGateways: 0 }
                    database: { instanceClass: db.t4g.micro, storageGiB: 20, multiAz: \(index > 0), deletionProtection: \(index > 0) }
                    monitoring: { email: alerts-\(stage)@example.com }
                    rollout: \(rollout)

                """
        }
        files["ballast.yaml"] = project
        for index in 0..<databaseCount {
            files["databases/\(databaseName(index)).yaml"] = """
                name: \(databaseName(index))
                engine: postgres
                version: "15"
                databaseName: app\(index)
                """
        }
        for index in 0..<functionCount {
            let name = functionName(index)
            var text = """
                name: \(name)
                image: 123456789012.dkr.ecr.\(Self.regions[0]).amazonaws.com/\(name):1.0.\(index)
                memoryMiB: \(128 * (1 + index % 8))
                timeout: \(3 + index % 20)s
                environment: { LOG_LEVEL: info, INDEX: "\(index)" }
                api: { path: /\(name), methods: [GET, POST] }
                alarms: { errors: \(1 + index % 5), durationMs: \(1000 + index % 3000) }

                """
            if databaseCount > 0 { text += "database: \(databaseName(index % databaseCount))\n" }
            text += "stages:\n"
            for (stageIndex, stage) in stages.enumerated() where stageIndex > 0 {
                let region = Self.regions[stageIndex % Self.regions.count]
                text +=
                    "  \(stage): { image: 123456789012.dkr.ecr.\(region).amazonaws.com/\(name):1.0.\(index), memoryMiB: \(256 * (1 + index % 4)) }\n"
            }
            files["functions/\(name).yaml"] = text
        }
        return files
    }

    /// The state as a tree, ready for the loader.
    public func tree() -> DesiredTree {
        DesiredTree(files: files())
    }

    /// The name of the `index`-th function (`fn0042`).
    public func functionName(_ index: Int) -> String {
        "fn" + String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index)
    }

    /// The name of the `index`-th database.
    public func databaseName(_ index: Int) -> String { "db\(index)" }
}
