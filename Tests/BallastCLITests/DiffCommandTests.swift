import BallastTestSupport
import Foundation
import Testing

/// `ballast diff` and `ballast reconcile --dry-run` against the AWS emulator, through the
/// recording proxy: a world deployed from `ballast synth` output is reported unchanged with only
/// read requests sent, within the request bounds; then one thing changes at a time.
@Suite("ballast diff against the emulator", .serialized)
final class DiffCommandTests {
    let emulator: LoopbackPeer
    let proxy: LoopbackPeer
    let folder: URL
    let log: URL
    let desired: URL

    /// dev's images, pushed to the emulator's ECR.
    static let images = [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:dev",
    ]

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("requests.jsonl")
        proxy = try LoopbackPeer.proxy(target: emulator.url, log: log.path)
        // A copy of desired/ the tests may change.
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            ["--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images"] + Self.images)
        let out = folder.appendingPathComponent("out").path
        let synth = try ballast(["synth", "--stage", "dev", "--resolve-images", "--out", out])
        guard synth.status == 0 else { throw LoopbackPeer.Failure(description: "synth failed: \(synth.standardError)") }
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py", ["--endpoint", emulator.url, "--stage", "dev", "--out", out])
        try Data().write(to: log)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs ballast on the test's desired/ with AWS pointed at the proxy.
    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(
            arguments + ["--desired", desired.path],
            environment: BallastExecutable.awsEnvironment(endpoint: proxy.url, home: folder))
    }

    /// (service, operation) of every request the proxy saw since the last reset.
    func requests() throws -> [(service: String, operation: String)] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return (object["service"] as? String ?? "?", object["operation"] as? String ?? "?")
        }
    }

    func edit(_ file: String, _ transform: (String) -> String) throws {
        let url = desired.appendingPathComponent(file)
        try transform(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("in sync: no changes, exit 0, only reads, within the request bounds")
    func quietWhenInSync() throws {
        let result = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.contains("No changes. AWS matches the desired state."))
        #expect(result.standardOutput.contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to delete; 0 rollouts"))
        let sent = try requests()
        let readPrefixes = ["Describe", "Get", "List"]
        let writes = sent.filter { request in !readPrefixes.contains { request.operation.hasPrefix($0) } }
        #expect(writes.isEmpty, "mutating or unknown requests: \(writes)")
        let counts = Dictionary(grouping: sent, by: { "\($0.service):\($0.operation)" }).mapValues(\.count)
        // The bounds of the diff issue for dev: 7 stacks, 2 handlers, 2 image repositories.
        #expect(counts["CloudFormation:DescribeStacks"] == 1)
        #expect(counts["CloudFormation:GetTemplate"] == 7)
        #expect(counts["Lambda:GetAlias"] == 2)
        // Besides the bound: GetFunction of the version live points at, for its image and configuration.
        #expect(counts["Lambda:GetFunction"] == 2)
        #expect(counts["ECR:DescribeImages"] == 2)
        #expect(counts["CloudWatch:DescribeAlarms"] == 1)
        #expect(sent.count == 15, "\(counts)")
    }

    @Test("a memory size: the compute stack updates that one property, and the handler rolls out")
    func memoryChange() throws {
        try edit("functions/orders.yaml") { $0.replacingOccurrences(of: "memoryMiB: 256", with: "memoryMiB: 384") }
        let result = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.contains("~ stack shop-dev-compute (update: 1 changed)"))
        #expect(result.standardOutput.contains("Properties.MemorySize: 256 → 384"))
        #expect(result.standardOutput.contains("rollout orders from version 1, all at once: memory 256 → 384 MiB"))
        #expect(result.standardOutput.contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to delete; 1 rollout"))
    }

    @Test("a VPC CIDR: the VPC and everything in it are replaced, flagged ±")
    func cidrChange() throws {
        try edit("ballast.yaml") { $0.replacingOccurrences(of: "10.10.0.0/16", with: "10.11.0.0/16") }
        let result = try ballast(["diff", "--stage", "dev", "--output", "json", "--detailed-exitcode"])
        #expect(result.status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(document?["schemaVersion"] as? Int == 1)
        let stage = (document?["stages"] as? [[String: Any]])?.first
        let network = (stage?["stacks"] as? [[String: Any]])?.first { $0["name"] as? String == "shop-dev-network" }
        let vpc = (network?["resources"] as? [[String: Any]])?.first { $0["logicalId"] as? String == "Vpc" }
        #expect(vpc?["replacement"] as? Bool == true)
        #expect(vpc?["losesData"] as? Bool == false)
    }

    @Test("an alarm threshold edited by hand in AWS is reported as drift")
    func alarmDrift() throws {
        try PythonScript.run("Tests/Support/edit_alarm.py", [emulator.url, "shop-dev-orders-errors", "7"])
        let result = try ballast(["diff", "--stage", "dev"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("alarm shop-dev-orders-errors drifted: threshold 7 → 1"))
    }

    @Test("an alarm deleted by hand is drift: --detailed-exitcode exits 2, as it does for changes")
    func missingAlarmDetailedExitcode() throws {
        try PythonScript.run("Tests/Support/edit_alarm.py", [emulator.url, "shop-dev-orders-errors", "delete"])
        let result = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(result.standardOutput.contains("alarm shop-dev-orders-errors drifted: missing"))
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
    }

    @Test("a tag pushed again is a new digest: the handler rolls out the new image")
    func repushedTag() throws {
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--repush", "--push-images",
                Self.images[0],
            ])
        let result = try ballast(["reconcile", "--dry-run", "--stage", "dev"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("rollout orders from version 1, all at once: image sha256:"))
        #expect(result.standardOutput.contains("startRollout orders"))
        #expect(
            result.standardOutput.contains("~ stack shop-dev-compute"),
            "the new digest reaches $LATEST through the stack")
    }

    @Test("the database identifier: the plan shows the replacement as data loss and refuses it")
    func databaseRename() throws {
        try FileManager.default.moveItem(
            at: desired.appendingPathComponent("databases/main.yaml"),
            to: desired.appendingPathComponent("databases/primary.yaml"))
        try edit("databases/primary.yaml") { $0.replacingOccurrences(of: "name: main", with: "name: primary") }
        for file in ["functions/orders.yaml", "functions/catalog.yaml"] {
            try edit(file) { $0.replacingOccurrences(of: "database: main", with: "database: primary") }
        }
        let result = try ballast(["reconcile", "--dry-run", "--stage", "dev"])
        #expect(result.standardOutput.contains("- MainInstance AWS::RDS::DBInstance DATA LOSS"))
        #expect(result.standardOutput.contains("refused: shop-dev-database: would delete MainInstance"))
    }

    @Test("a new function and a removed one: their resources added and removed, the new one's alias created")
    func addAndRemoveFunction() throws {
        try FileManager.default.removeItem(at: desired.appendingPathComponent("functions/catalog.yaml"))
        try """
        name: search
        image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders:1.4.2
        stages: { dev: { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev } }
        """.write(to: desired.appendingPathComponent("functions/search.yaml"), atomically: true, encoding: .utf8)
        let result = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("+ SearchFunction AWS::Lambda::Function"))
        #expect(result.standardOutput.contains("- CatalogFunction AWS::Lambda::Function"))
        #expect(result.standardOutput.contains("+ alias live of search: created at its first version"))
        #expect(!result.standardOutput.contains("DATA LOSS"))
    }

    @Test("a database class changes in place: no replacement, no data loss")
    func databaseClass() throws {
        try edit("ballast.yaml") { $0.replacingOccurrences(of: "db.t4g.micro", with: "db.t4g.small") }
        let result = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("~ MainInstance AWS::RDS::DBInstance\n"))
        #expect(result.standardOutput.contains("Properties.DBInstanceClass: \"db.t4g.micro\" → \"db.t4g.small\""))
        #expect(result.standardOutput.contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to delete; 0 rollouts"))
    }

    @Test("a stage not deployed yet is all-create, not an error")
    func undeployedStage() throws {
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "prod", "--region", "eu-central-1", "--push-images",
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders:1.4.2",
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/catalog:2.0.1",
            ])
        let result = try ballast(["diff", "--stage", "prod", "--detailed-exitcode"])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.contains("+ stack shop-prod-network (create, 23 resources)"))
        #expect(result.standardOutput.contains("Plan: 61 to add, 0 to change, 0 to replace, 0 to delete; 2 rollouts"))
    }

    @Test("an unreachable endpoint or no credentials: a clear error naming the call, exit 1")
    func unreachable() throws {
        let closed = try BallastExecutable.run(
            ["diff", "--stage", "dev", "--desired", desired.path],
            environment: [
                "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "HOME": folder.path,
            ])
        #expect(closed.status == 1)
        #expect(closed.standardError.contains("ECR DescribeImages failed: connection refused"))
        #expect(!closed.standardError.contains("Fatal error"))
        let anonymous = try BallastExecutable.run(
            ["diff", "--stage", "dev", "--desired", desired.path],
            environment: ["AWS_ENDPOINT_URL": proxy.url, "HOME": folder.path])
        #expect(anonymous.status == 1)
        #expect(anonymous.standardError.contains("no AWS credentials"))
    }

    /// Requests that change something (anything but Describe*, Get*, List*).
    func mutatingRequests() throws -> [String] {
        try requests().filter { request in !["Describe", "Get", "List"].contains { request.operation.hasPrefix($0) } }
            .map { "\($0.service):\($0.operation)" }
    }

    @Test("reconcile of a stage in sync sends no mutating request")
    func idempotentReconcile() throws {
        let result = try ballast(["reconcile", "--stage", "dev"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try mutatingRequests() == [])
    }

    @Test("--allow-replace with a name that is no database: exit 1, one line with the databases, nothing sent")
    func allowReplaceUnknownName() throws {
        for command in [["reconcile"], ["reconcile", "--dry-run"], ["diff"]] {
            let result = try ballast(command + ["--stage", "dev", "--allow-replace", "mian"])
            #expect(result.status == 1, "\(command): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(command): \(result.standardError)")
            #expect(
                lines.first?.hasSuffix(
                    "--allow-replace 'mian' names no database (databases: main); nothing was applied")
                    == true, "\(command): \(result.standardError)")
        }
        #expect(try mutatingRequests() == [], "nothing may be sent before the refusal")
        // A desired database is accepted without a plan of its own.
        let accepted = try ballast(["reconcile", "--stage", "dev", "--allow-replace", "main"])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(try mutatingRequests() == [])
    }

    @Test("reconcile refuses to replace the database before sending anything; --allow-replace lets it through")
    func refusedThenAllowed() throws {
        try FileManager.default.moveItem(
            at: desired.appendingPathComponent("databases/main.yaml"),
            to: desired.appendingPathComponent("databases/primary.yaml"))
        try edit("databases/primary.yaml") { $0.replacingOccurrences(of: "name: main", with: "name: primary") }
        for file in ["functions/orders.yaml", "functions/catalog.yaml"] {
            try edit(file) { $0.replacingOccurrences(of: "database: main", with: "database: primary") }
        }
        let refused = try ballast(["reconcile", "--stage", "dev"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("refused, nothing applied"))
        #expect(
            refused.standardError.contains(
                "would delete MainInstance (AWS::RDS::DBInstance) and lose its data; allow it with --allow-replace main"
            ))
        #expect(try mutatingRequests() == [], "nothing may be sent before the refusal")
        let plan = try ballast(["reconcile", "--dry-run", "--stage", "dev", "--allow-replace", "main"])
        #expect(!plan.standardOutput.contains("refused"), "\(plan.standardOutput)")
    }
}
