import BallastTestSupport
import Foundation
import Testing

/// `controller/iam-policy.json` and `controller/cloudformation-execution-policy.json` against
/// what Ballast really does: the example flow (reconcile of both stages, a canary rollout,
/// status, diff) runs through the recording proxy, and every request it sent must be allowed by
/// the controller's policy (`IAMPolicyFileTests` checks the execution policy and the shape of
/// both).
@Suite("the IAM policies in controller/ against the example flow", .serialized)
final class IAMPolicyTests {
    static let account = "123456789012"
    static let role = "arn:aws:iam::123456789012:role/shop-cloudformation"
    static let placeholders = [
        "Partition": "aws", "Account": account, "Project": "shop", "CloudFormationRoleName": "shop-cloudformation",
    ]
    static let devImages = [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:dev",
    ]
    static let prodImages = [
        "123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders:1.4.2",
        "123456789012.dkr.ecr.eu-central-1.amazonaws.com/catalog:2.0.1",
    ]

    let emulator: LoopbackPeer
    let proxy: LoopbackPeer
    let folder: URL
    let log: URL
    let desired: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-iam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("requests.jsonl")
        proxy = try LoopbackPeer.proxy(target: emulator.url, log: log.path, extra: ["--record-params", "*"])
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
        // dev: the stage's service role, and a canary quick enough to run to its end.
        let project = desired.appendingPathComponent("ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(
                of: "    branch: dev\n", with: "    branch: dev\n    cloudFormationRole: \(Self.role)\n"
            )
            .replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: canary, percent: 10, bake: 1s }"
            )
            .write(to: project, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(
            arguments + ["--desired", desired.path],
            environment: BallastExecutable.awsEnvironment(
                endpoint: proxy.url, home: folder,
                extra: ["USER": "tester", "BALLAST_CACHE_DIR": folder.appendingPathComponent("cache").path]))
    }

    /// Pushes `images` to the stage's ECR (`repush`: another image under the same tags).
    func push(stage: String, region: String, _ images: [String], repush: Bool = false) throws {
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            ["--endpoint", emulator.url, "--stage", stage, "--region", region] + (repush ? ["--repush", "again"] : [])
                + ["--push-images"] + images)
    }

    func recorded() throws -> [[String: Any]] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    @Test(
        "every request of reconcile, a canary rollout, status and diff is allowed by iam-policy.json; dev's cloudFormationRole reaches every change set as RoleARN, prod's change sets carry none"
    )
    func exampleFlowIsAllowed() throws {
        try push(stage: "dev", region: "us-east-1", Self.devImages)
        try push(stage: "prod", region: "eu-central-1", Self.prodImages)
        let first = try ballast(["reconcile"])
        try #require(first.status == 0, "\(first.standardError)")
        // A new orders:dev image: dev rolls it out by canary to the end.
        try push(stage: "dev", region: "us-east-1", [Self.devImages[0]], repush: true)
        let rollout = try ballast(["reconcile", "--stage", "dev", "--wait"])
        try #require(rollout.status == 0, "\(rollout.standardError)")
        #expect(rollout.standardError.contains("10%"), "\(rollout.standardError)")
        let status = try ballast(["status"])
        #expect(status.status == 0, "\(status.standardError)")
        let diff = try ballast(["diff"])
        #expect(diff.status == 0, "\(diff.standardError)")

        let entries = try recorded()
        let controller = try IAMPolicy("iam-policy.json", values: Self.placeholders)
        var refused: Set<String> = []
        var operations: Set<String> = []
        for entry in entries {
            guard let request = AuthorizedRequest(entry: entry, account: Self.account) else { continue }
            operations.insert(request.action)
            if !controller.allows(request.action, on: request.resource) { refused.insert(request.description) }
            if let role = request.passedRole, !controller.allows("iam:PassRole", on: role) {
                refused.insert("iam:PassRole on \(role)")
            }
        }
        #expect(refused.isEmpty, "not allowed by controller/iam-policy.json: \(refused.sorted())")
        // The flow did exercise deploys, rollouts and reads.
        for action in [
            "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "lambda:PublishVersion",
            "lambda:UpdateAlias", "lambda:TagResource", "cloudwatch:DescribeAlarms", "ecr:DescribeImages",
        ] {
            #expect(operations.contains(action), "the flow sent no \(action): \(operations.sorted())")
        }

        let changeSets = entries.filter { $0["operation"] as? String == "CreateChangeSet" }
            .map { $0["params"] as? [String: Any] ?? [:] }
        let dev = changeSets.filter { ($0["StackName"] as? String ?? "").hasPrefix("shop-dev-") }
        let prod = changeSets.filter { ($0["StackName"] as? String ?? "").hasPrefix("shop-prod-") }
        #expect(dev.count >= 7 && prod.count >= 7, "\(changeSets)")
        #expect(dev.allSatisfy { $0["RoleARN"] as? String == Self.role }, "\(dev)")
        #expect(prod.allSatisfy { $0["RoleARN"] == nil }, "\(prod)")
    }
}

/// The policy files on their own: the execution policy against the resource types of the
/// example's templates (from `ballast synth`, no AWS), and the shape of both documents.
@Suite("the IAM policy files in controller/")
struct IAMPolicyFileTests {
    static let placeholders = IAMPolicyTests.placeholders

    @Test("every resource type the example's stacks hold is deployable with cloudformation-execution-policy.json")
    func executionPolicyCoversTheTemplates() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-iam-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let desired = LoopbackPeer.repositoryRoot.appendingPathComponent("desired")
        let synth = try BallastExecutable.run(
            ["synth", "--desired", desired.path, "--out", out.path],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
        try #require(synth.status == 0, "\(synth.standardError)")
        var types: Set<String> = []
        for stage in ["dev", "prod"] {
            let directory = out.appendingPathComponent(stage)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let template =
                    try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(file)))
                    as? [String: Any] ?? [:]
                for case let resource as [String: Any] in (template["Resources"] as? [String: Any] ?? [:]).values {
                    types.insert(resource["Type"] as? String ?? "?")
                }
            }
        }
        #expect(types.contains("AWS::RDS::DBInstance") && types.contains("AWS::Lambda::Function"))
        let execution = try IAMPolicy("cloudformation-execution-policy.json", values: Self.placeholders)
        for type in types.sorted() {
            let actions = try #require(
                ResourceTypePermissions.byType[type], "\(type): say in IAMPolicy.swift what deploying it takes")
            let missing = actions.filter { !execution.allows($0) }
            #expect(missing.isEmpty, "\(type) needs \(missing) in controller/cloudformation-execution-policy.json")
        }
        // The NAT gateway variant's types too, which the example does not use.
        for type in [
            "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP", "AWS::EC2::NatGateway",
        ] {
            let missing = (ResourceTypePermissions.byType[type] ?? []).filter { !execution.allows($0) }
            #expect(missing.isEmpty, "\(type) needs \(missing)")
        }
    }

    @Test(
        "neither policy allows * actions, nor * resources outside its UnscopableReads statement of read actions",
        arguments: ["iam-policy.json", "cloudformation-execution-policy.json"])
    func noWildcards(file: String) throws {
        let policy = try IAMPolicy(file, values: Self.placeholders)
        #expect(!policy.statements.isEmpty)
        for statement in policy.statements {
            for action in statement.actions {
                #expect(!action.contains("*"), "\(file) \(statement.sid): \(action)")
            }
            guard statement.resources.contains(where: { $0 == "*" }) else { continue }
            #expect(statement.sid == "UnscopableReads", "\(file) \(statement.sid) allows every resource")
            let writes = statement.actions.filter { action in
                let name = action.split(separator: ":").last ?? ""
                return !["Describe", "List", "Get"].contains { name.hasPrefix($0) }
            }
            #expect(writes.isEmpty, "\(file): \(writes) on every resource")
        }
    }
}
