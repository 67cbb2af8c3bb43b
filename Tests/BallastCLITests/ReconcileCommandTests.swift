import BallastTestSupport
import DesiredStateGenerator
import Foundation
import Testing

/// `ballast reconcile` from an empty emulator: both stages at once, what each service then
/// holds, the commit on the stacks, a failing resource, and a stage large enough that its
/// templates go through S3. Requests pass the recording proxy, so a pass that should send
/// nothing that mutates is checked by what reached AWS.
@Suite("ballast reconcile against the emulator", .serialized)
final class ReconcileCommandTests {
    let emulator: LoopbackPeer
    let proxy: LoopbackPeer
    let folder: URL
    let log: URL
    let desired: URL

    /// Each stage's images, in its region's ECR.
    static let images = [
        "dev": (
            "us-east-1",
            [
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:dev",
            ]
        ),
        "prod": (
            "eu-central-1",
            [
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders:1.4.2",
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/catalog:2.0.1",
            ]
        ),
    ]

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("requests.jsonl")
        proxy = try LoopbackPeer.proxy(target: emulator.url, log: log.path)
        desired = folder.appendingPathComponent("repo/desired")
        try FileManager.default.createDirectory(
            at: desired.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func pushImages(stages: [String] = ["dev", "prod"]) throws {
        try Self.pushImages(to: emulator.url, stages: stages)
    }

    /// Pushes each stage's images (`images`) to ECR in the emulator at `endpoint`.
    static func pushImages(to endpoint: String, stages: [String] = ["dev", "prod"]) throws {
        for stage in stages {
            guard let (region, images) = images[stage] else { continue }
            try PythonScript.run(
                "Tests/Support/deploy_synth_output.py",
                ["--endpoint", endpoint, "--stage", stage, "--region", region, "--push-images"] + images)
        }
    }

    /// Runs ballast with AWS pointed at the proxy (or, `direct`, at the emulator itself);
    /// `source` names the desired state.
    func ballast(_ arguments: [String], source: [String]? = nil, direct: Bool = false) throws
        -> BallastExecutable.Result
    {
        try BallastExecutable.run(
            arguments + (source ?? ["--desired", desired.path]),
            environment: BallastExecutable.awsEnvironment(
                endpoint: direct ? emulator.url : proxy.url, home: folder,
                extra: ["BALLAST_CACHE_DIR": folder.appendingPathComponent("cache").path]))
    }

    /// What the stage left in each service, read from the services.
    func world(_ region: String, _ prefix: String) throws -> [String: Any] {
        let text = try PythonScript.output("Tests/Support/describe_world.py", [emulator.url, region, prefix])
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    func stacks(_ world: [String: Any]) -> [String: [String: Any]] {
        world["stacks"] as? [String: [String: Any]] ?? [:]
    }

    /// Requests that change something (anything but Describe*, Get*, List*).
    func mutatingRequests() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let operation = object["operation"] as? String ?? "?"
            return ["Describe", "Get", "List"].contains { operation.hasPrefix($0) }
                ? nil : "\(object["service"] as? String ?? "?"):\(operation)"
        }
    }

    /// The lines of `text` that mention `needle`, in order.
    func position(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n").firstIndex { $0.contains(needle) }
    }

    @Test(
        "an empty emulator to both stages at once: every service holds its part, diff is quiet, a second pass mutates nothing"
    )
    func bothStagesFromEmpty() throws {
        try pushImages()
        let first = try ballast(["reconcile"])
        #expect(first.status == 0, "\(first.standardError)")
        let lines = first.standardError
        for stage in ["dev", "prod"] {
            // The design's order within a stage: network, database, compute, aliases, api, monitoring.
            let steps = [
                "shop-\(stage)-network: executing create", "shop-\(stage)-database: executing create",
                "shop-\(stage)-compute: executing create", "shop-\(stage)-orders: alias live created at version 1",
                "shop-\(stage)-api: executing create", "shop-\(stage)-api-stage: executing create",
                "shop-\(stage)-monitoring: executing create", "shop-\(stage)-assets: executing create",
            ].map { position(of: $0, in: lines) }
            #expect(!steps.contains(nil), "\(lines)")
            #expect(steps.compactMap { $0 } == steps.compactMap { $0 }.sorted(), "\(lines)")
        }
        // The stages ran at the same time: their progress lines interleave.
        let devLast = try #require(position(of: "shop-dev-assets: executing create", in: lines))
        let prodFirst = try #require(position(of: "shop-prod-network: executing create", in: lines))
        let prodLast = try #require(position(of: "shop-prod-assets: executing create", in: lines))
        let devFirst = try #require(position(of: "shop-dev-network: executing create", in: lines))
        #expect(prodFirst < devLast && devFirst < prodLast, "\(lines)")

        for (stage, region, cidr) in [("dev", "us-east-1", "10.10.0.0/16"), ("prod", "eu-central-1", "10.20.0.0/16")] {
            let world = try world(region, "shop-\(stage)-")
            #expect(world["vpcs"] as? [String] == [cidr])
            #expect(world["databases"] as? [String] == ["shop-\(stage)-main"])
            let functions = world["functions"] as? [String: [String: String]]
            #expect(functions == ["shop-\(stage)-orders": ["live": "1"], "shop-\(stage)-catalog": ["live": "1"]])
            #expect((world["apis"] as? [String])?.count == 1, "\(world["apis"] ?? "")")
            let alarms = world["alarms"] as? [String] ?? []
            #expect(alarms.contains("shop-\(stage)-orders-errors") && alarms.contains("shop-\(stage)-main-cpu"))
            let stacks = stacks(world)
            #expect(stacks.count == 7)
            for (name, stack) in stacks {
                #expect(stack["status"] as? String == "CREATE_COMPLETE", "\(name)")
                #expect(
                    stack["tags"] as? [String: String] == ["managed-by": "ballast", "project": "shop", "stage": stage],
                    "\(name)")
            }
            // prod protects its database: its stacks have termination protection, dev's do not.
            #expect(stacks.values.allSatisfy { $0["protected"] as? Bool == (stage == "prod") }, "\(stacks)")
        }

        try Data().write(to: log)
        let diff = try ballast(["diff", "--detailed-exitcode"])
        #expect(diff.status == 0, "\(diff.standardOutput)")
        // The diff issue's bound, per stage: one DescribeStacks page, one GetTemplate per stack
        // (7), one GetAlias per handler (2), one DescribeImages per repository (2), one
        // DescribeAlarms page. No GetFunction: each alias's note shows its version is desired.
        #expect(
            try requestCounts() == [
                "CloudFormation:DescribeStacks": 2, "CloudFormation:GetTemplate": 14, "Lambda:GetAlias": 4,
                "ECR:DescribeImages": 4, "CloudWatch:DescribeAlarms": 2,
            ])
        try Data().write(to: log)
        let second = try ballast(["reconcile"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(try mutatingRequests() == [])

        // live moved by hand to a version that runs something else: the alias still carries
        // Ballast's note, of version 1, so the diff reads version 2 and wants it rolled back out.
        let moved = try PythonScript.jsonPrinted(
            byCode: "import boto3, json, sys\n"
                + "lam = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', "
                + "aws_access_key_id='testing', aws_secret_access_key='testing')\n"
                + "name = 'shop-dev-orders'\n"
                + "env = lam.get_function_configuration(FunctionName=name)['Environment']['Variables']\n"
                + "lam.update_function_configuration(FunctionName=name, Environment={'Variables': {**env, 'HOTFIX': '1'}})\n"
                // As on AWS, PublishVersion is refused while the update is in progress.
                + "lam.get_waiter('function_updated_v2').wait(FunctionName=name, WaiterConfig={'Delay': 1})\n"
                + "version = lam.publish_version(FunctionName=name)['Version']\n"
                + "lam.update_alias(FunctionName=name, Name='live', FunctionVersion=version)\n"
                + "print(json.dumps(lam.get_alias(FunctionName=name, Name='live')['Description']))",
            [emulator.url])
        #expect((moved as? String)?.hasPrefix("ballast-serves 1 ") == true, "\(String(describing: moved))")
        let drifted = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(drifted.status == 2, "\(drifted.standardOutput)\n\(drifted.standardError)")
        #expect(drifted.standardOutput.contains("rollout orders from version 2"), "\(drifted.standardOutput)")
        #expect(drifted.standardOutput.contains("environment HOTFIX"), "\(drifted.standardOutput)")
    }

    /// Requests since the log was last emptied, by "Service:Operation".
    func requestCounts() throws -> [String: Int] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").reduce(into: [:]) { counts, line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            counts["\(object["service"] as? String ?? "?"):\(object["operation"] as? String ?? "?")", default: 0] += 1
        }
    }

    @Test("the commit being applied tags the stacks it changes; the commit alone is no change")
    func commitTag() throws {
        try pushImages(stages: ["dev"])
        let repo = desired.deletingLastPathComponent()
        try GitDesiredStateTests.git(["init", "-q", "-b", "dev"], in: repo)
        try GitDesiredStateTests.git(["add", "-A"], in: repo)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "the example"], in: repo)
        let source = ["--repo", repo.path, "--branch", "dev"]
        let first = try ballast(["reconcile"], source: source)
        #expect(first.status == 0, "\(first.standardError)")
        let firstCommit = try GitDesiredStateTests.head(of: repo)
        let before = stacks(try world("us-east-1", "shop-dev-"))
        #expect(before.count == 7)
        #expect(before.values.allSatisfy { ($0["tags"] as? [String: String])?["ballast:commit"] == firstCommit })

        // A commit that changes nothing deployed: nothing to do, the tags stay.
        try "# notes\n".write(to: repo.appendingPathComponent("NOTES.md"), atomically: true, encoding: .utf8)
        try GitDesiredStateTests.git(["add", "-A"], in: repo)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "notes"], in: repo)
        let quiet = try ballast(["diff", "--detailed-exitcode"], source: source)
        #expect(quiet.status == 0, "\(quiet.standardOutput)")

        // A commit that changes one handler's memory: only the compute stack gets its id.
        let orders = desired.appendingPathComponent("functions/orders.yaml")
        try (try String(contentsOf: orders, encoding: .utf8)).replacingOccurrences(
            of: "memoryMiB: 256", with: "memoryMiB: 384"
        ).write(to: orders, atomically: true, encoding: .utf8)
        try GitDesiredStateTests.git(["commit", "-q", "-am", "more memory"], in: repo)
        let second = try ballast(["reconcile"], source: source)
        #expect(second.status == 0, "\(second.standardError)")
        let secondCommit = try GitDesiredStateTests.head(of: repo)
        let after = stacks(try world("us-east-1", "shop-dev-"))
        for (name, stack) in after {
            let commit = (stack["tags"] as? [String: String])?["ballast:commit"]
            #expect(commit == (name == "shop-dev-compute" ? secondCommit : firstCommit), "\(name)")
        }
    }

    @Test(
        "a failing resource is reported with its reason while the other stage goes on; once fixed, the rolled-back stack is made again"
    )
    func failingResource() throws {
        try pushImages()
        let assets = desired.appendingPathComponent("templates/assets.yaml")
        let original = try String(contentsOf: assets, encoding: .utf8)
        // Bucket names are at most 63 characters: synth passes it, S3 (and moto) refuse it. Only
        // in dev, so prod shows that one stage's failure does not stop another.
        let invalid = String(repeating: "b", count: 70)
        try original.replacingOccurrences(
            of: "Resources:",
            with: "Conditions:\n  InDev: !Equals [!Ref Stage, dev]\nResources:"
        ).replacingOccurrences(
            of: "      VersioningConfiguration:",
            with: "      BucketName: !If [InDev, \(invalid), !Ref AWS::NoValue]\n      VersioningConfiguration:"
        ).write(to: assets, atomically: true, encoding: .utf8)
        let failed = try ballast(["reconcile"])
        #expect(failed.status == 1)
        #expect(
            failed.standardError.contains(
                "error: stage dev: shop-dev-assets: ended ROLLBACK_COMPLETE; first failure: AssetsBucket (AWS::S3::Bucket): The specified bucket is not valid."
            ), "\(failed.standardError)")
        #expect(
            stacks(try world("us-east-1", "shop-dev-"))["shop-dev-assets"]?["status"] as? String == "ROLLBACK_COMPLETE")
        let prod = stacks(try world("eu-central-1", "shop-prod-"))
        #expect(prod.count == 7 && prod.values.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" }, "\(prod)")

        try original.write(to: assets, atomically: true, encoding: .utf8)
        let fixed = try ballast(["reconcile", "--stage", "dev"])
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(
            fixed.standardError.contains(
                "shop-dev-assets: ROLLBACK_COMPLETE after a failed first create: deleting it to create it again"))
        #expect(
            stacks(try world("us-east-1", "shop-dev-"))["shop-dev-assets"]?["status"] as? String == "CREATE_COMPLETE")
    }

    @Test(
        "a stack whose update and rollback failed is reported with the resource to skip, left alone until a human continues the rollback, then deployed again"
    )
    func rollbackFailed() throws {
        try pushImages(stages: ["dev"])
        let first = try ballast(["reconcile", "--stage", "dev"])
        #expect(first.status == 0, "\(first.standardError)")
        let assets = desired.appendingPathComponent("templates/assets.yaml")
        let original = try String(contentsOf: assets, encoding: .utf8)
        // The emulator's fault knob: the bucket's update fails, and so does its rollback.
        try original.replacingOccurrences(
            of: "    Type: AWS::S3::Bucket\n",
            with: "    Type: AWS::S3::Bucket\n    Metadata: { BallastEmulatorFault: UpdateAndRollback }\n"
        ).write(to: assets, atomically: true, encoding: .utf8)
        let skip = "continue-update-rollback --stack-name shop-dev-assets --resources-to-skip AssetsBucket"

        let failed = try ballast(["reconcile", "--stage", "dev"])
        #expect(failed.status == 1)
        #expect(
            failed.standardError.contains(
                "shop-dev-assets: ended UPDATE_ROLLBACK_FAILED; first failure: AssetsBucket (AWS::S3::Bucket)"),
            "\(failed.standardError)")
        #expect(failed.standardError.contains("ContinueUpdateRollback (aws cloudformation \(skip))"))

        let again = try ballast(["reconcile", "--stage", "dev"])
        #expect(again.status == 1)
        #expect(
            again.standardError.contains("shop-dev-assets: is UPDATE_ROLLBACK_FAILED and needs a human"),
            "\(again.standardError)")
        #expect(again.standardError.contains(skip), "\(again.standardError)")
        #expect(!again.standardError.contains("executing update"), "\(again.standardError)")

        try PythonScript.run(
            "Tests/Support/continue_update_rollback.py", [emulator.url, "us-east-1", "shop-dev-assets", "AssetsBucket"])
        try original.write(to: assets, atomically: true, encoding: .utf8)
        let fixed = try ballast(["reconcile", "--stage", "dev"])
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(
            stacks(try world("us-east-1", "shop-dev-"))["shop-dev-assets"]?["status"] as? String
                == "UPDATE_ROLLBACK_COMPLETE")
    }

    @Test("an ExecuteChangeSet whose answer was lost: the retry's refusal is read as done, not as a failure")
    func lostExecuteAnswer() throws {
        try pushImages(stages: ["dev"])
        // Half of the ExecuteChangeSet calls reach the emulator, take effect, and lose their
        // answer (the connection is reset mid-response); the client then retries.
        let lossy = try LoopbackPeer.proxy(
            target: emulator.url, log: folder.appendingPathComponent("lossy.jsonl").path,
            extra: [
                "--fault-rate", "0.5", "--seed", "3", "--faults", "reset", "--only", "CloudFormation:ExecuteChangeSet",
            ])
        let result = try BallastExecutable.run(
            ["reconcile", "--stage", "dev", "--desired", desired.path],
            environment: [
                "AWS_ENDPOINT_URL": lossy.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1", "HOME": folder.path,
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        // EXECUTE_COMPLETE when the first attempt finished before the retry, EXECUTE_IN_PROGRESS
        // when the stack still takes time (as on AWS, and the emulator's fast profile).
        #expect(
            result.standardError.contains(/already EXECUTE_(COMPLETE|IN_PROGRESS) \(a retried call\)/),
            "\(result.standardError)")
        let stacks = stacks(try world("us-east-1", "shop-dev-"))
        #expect(stacks.count == 7 && stacks.values.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" })
    }

    @Test("a stack no longer desired is reported and kept; with prune: true it is deleted")
    func orphanPruned() throws {
        try pushImages(stages: ["dev"])
        let first = try ballast(["reconcile", "--stage", "dev"])
        #expect(first.status == 0, "\(first.standardError)")
        try FileManager.default.removeItem(at: desired.appendingPathComponent("templates/assets.yaml"))
        let kept = try ballast(["reconcile", "--stage", "dev"])
        #expect(kept.status == 0, "\(kept.standardError)")
        #expect(!kept.standardError.contains("deleting (prune is on)"))
        #expect(stacks(try world("us-east-1", "shop-dev-"))["shop-dev-assets"] != nil)
        let plan = try ballast(["diff", "--stage", "dev"])
        #expect(plan.standardOutput.contains("shop-dev-assets"), "\(plan.standardOutput)")

        let project = desired.appendingPathComponent("ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8)).replacingOccurrences(
            of: "    branch: dev\n", with: "    branch: dev\n    prune: true\n"
        ).write(to: project, atomically: true, encoding: .utf8)
        let pruned = try ballast(["reconcile", "--stage", "dev"])
        #expect(pruned.status == 0, "\(pruned.standardError)")
        #expect(pruned.standardError.contains("shop-dev-assets: no longer desired; deleting (prune is on)"))
        let after = stacks(try world("us-east-1", "shop-dev-"))
        #expect(after["shop-dev-assets"] == nil && after.count == 6, "\(after.keys.sorted())")
    }

    @Test("a 1,000-function stage: its large templates go through the versioned, encrypted template bucket")
    func thousandFunctions() throws {
        let generated = folder.appendingPathComponent("generated")
        for (path, text) in DesiredStateGenerator(functionCount: 1000, stages: ["dev"]).files() {
            let url = generated.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let images = (0..<1000).map {
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(String(format: "fn%04d", $0)):1.0.\($0)"
        }
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            ["--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images"] + images)
        // Directly to the emulator: this stage sends about 6,000 requests, and the recording proxy
        // would add its own time to each.
        let result = try ballast(["reconcile"], source: ["--desired", generated.path], direct: true)
        #expect(result.status == 0, "\(result.standardError.suffix(3000))")
        let uploads = result.standardError.split(separator: "\n").filter { $0.contains("passed by URL") }
        #expect(uploads.contains { $0.hasPrefix("gen-dev-compute:") }, "\(uploads)")

        let world = try world("us-east-1", "gen-dev-")
        let functions = world["functions"] as? [String: [String: String]] ?? [:]
        #expect(functions.count == 1000)
        #expect(functions.values.allSatisfy { $0["live"] == "1" })
        let bucket = world["templateBucket"] as? [String: Any]
        #expect(bucket?["versioning"] as? String == "Enabled")
        let objects = bucket?["objects"] as? [String: String] ?? [:]
        #expect(objects.count == uploads.count, "\(objects.keys.sorted())")
        #expect(objects.values.allSatisfy { $0 == "AES256" })
        #expect(stacks(world).values.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" })

        let diff = try ballast(["diff", "--detailed-exitcode"], source: ["--desired", generated.path], direct: true)
        #expect(diff.status == 0, "\(diff.standardOutput.suffix(3000))")
    }
}
