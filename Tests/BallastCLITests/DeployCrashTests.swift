import BallastTestSupport
import Foundation
import Testing

/// Crash safety of whole deploys (issue 10, point 2), against the emulator: `ballast reconcile
/// --wait` of both stages, and the controller `ballast run` on a Git remote, killed with SIGKILL
/// at seeded random moments of a full reconcile — the first deploy of the example into an empty
/// account (network, database, compute, aliases, API, alarms), then new dev images of orders
/// rolled out by canary — and started again each time, then left to finish. The world must end
/// as a clean, never killed run leaves it, with the database never replaced and no stack or
/// change set left that a next run could not continue from.
///
/// `BALLAST_CRASH_KILLS` (default 50) sets how many kills per sequence, `BALLAST_CRASH_SEED`
/// repeats a run (the seed is printed).
@Suite("whole deploys survive SIGKILL", .serialized)
struct DeployCrashTests {
    /// What a kill interrupted, judged from the world right after it.
    enum Phase: String, CaseIterable {
        case firstDeploy = "stack deploys (first deploy)"
        case firstDeployStacksDone = "first deploy, every stack complete (aliases, status)"
        case imageUpdate = "stack deploys (compute update, new image not yet published)"
        case canary = "canary (new version published, live not all on it)"
        case afterPromotion = "after the promotion"

        static func of(_ snapshot: CrashSnapshot, round: Int) -> Self {
            guard round > 0 else {
                return snapshot.completeStacks < ExampleRounds.stackCount ? .firstDeploy : .firstDeployStacksDone
            }
            guard let orders = snapshot.stages["dev"]?.functions[ExampleRounds.function], let image = snapshot.image,
                let new = orders.versions(running: image).first
            else { return .imageUpdate }
            return orders.allTraffic(on: new) ? .afterPromotion : .canary
        }
    }

    /// One crash sequence: the seeded kill delays, what each kill interrupted (by phase and, in
    /// the first deploy, by how many stacks were complete), and each stage's database as first
    /// seen, against which every later snapshot is checked.
    struct KillSequence {
        /// How long to let a started process run before the kill: up to `base` seconds, and
        /// `growth` seconds longer for each kill already made in the round. Short delays put
        /// many kills into a round (a round that ends early needs another canary, in the clean
        /// run too); the growth makes every round end even when starting up alone takes longer
        /// than `base` on a loaded machine.
        struct Delays {
            var base: TimeInterval
            var growth: TimeInterval
        }

        let name: String
        let seed: UInt64
        let target: Int
        let began = Date()
        /// Delays in the first deploy (round 0), and in the rounds after it.
        let first: Delays
        let later: Delays
        var random: SeededGenerator
        var round = 0
        var kills = 0
        var killsInRound = 0
        var phases: [Phase: Int] = [:]
        var stacksComplete: [Int: Int] = [:]
        var databases: [String: CrashSnapshot.Database] = [:]

        init(_ name: String, first: Delays, later: Delays) {
            self.name = name
            self.first = first
            self.later = later
            target = ProcessInfo.processInfo.environment["BALLAST_CRASH_KILLS"].flatMap(Int.init) ?? 50
            seed =
                ProcessInfo.processInfo.environment["BALLAST_CRASH_SEED"].flatMap(UInt64.init)
                ?? UInt64.random(in: 1...999_999)
            random = SeededGenerator(seed: seed)
            print("DeployCrashTests: \(name): seed \(seed) (BALLAST_CRASH_SEED=\(seed) repeats it), \(target) kills")
        }

        /// When to kill the process just started; nil to let it finish its round (all kills
        /// made, or half of them made in the first deploy, so that canaries get the rest).
        mutating func nextDelay() -> TimeInterval? {
            guard kills < target, round > 0 || killsInRound < target / 2 else { return nil }
            let delays = round == 0 ? first : later
            return .random(in: 0.1..<(delays.base + delays.growth * Double(killsInRound)), using: &random)
        }

        /// Records a kill made `delay` seconds after the start, from the world right after it.
        mutating func killed(after delay: TimeInterval, in scenario: ExampleRounds) throws {
            let snapshot = try scenario.snapshot(round: round)
            kills += 1
            killsInRound += 1
            let phase = Phase.of(snapshot, round: round)
            phases[phase, default: 0] += 1
            if round == 0 { stacksComplete[snapshot.completeStacks, default: 0] += 1 }
            snapshot.check(
                databases: &databases, "\(name), kill \(kills) at \(String(format: "%.2f", delay)) s, round \(round)")
        }

        mutating func nextRound() {
            round += 1
            killsInRound = 0
        }

        /// Prints the kills by phase and checks that both the stack deploys and a canary got some.
        func report() {
            let phases = Phase.allCases.map { "\($0.rawValue): \(self.phases[$0, default: 0])" }
            let stacks = stacksComplete.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            print(
                "DeployCrashTests: \(name): seed \(seed): \(kills) kills over \(round + 1) rounds in "
                    + "\(Int(Date().timeIntervalSince(began))) s; \(phases.joined(separator: ", ")); "
                    + "first-deploy kills by stacks complete (of \(ExampleRounds.stackCount)): \(stacks.joined(separator: ", "))"
            )
            // Stack deploys: the first deploy's, before every stack is complete, and the compute
            // updates that put each new image in place.
            let deploys = self.phases[.firstDeploy, default: 0] + self.phases[.imageUpdate, default: 0]
            #expect(deploys > 0, "\(name), seed \(seed): no kill during the stack deploys")
            #expect(self.phases[.canary, default: 0] > 0, "\(name), seed \(seed): no kill during a canary")
        }

        /// Checks the end against the clean run's world and prints how long it all took.
        func checkConverged(_ scenario: ExampleRounds) throws {
            try scenario.checkConverged(rounds: round, databases: databases, "\(name), seed \(seed)")
            print(
                "DeployCrashTests: \(name): seed \(seed): done in \(Int(Date().timeIntervalSince(began))) s with the clean run"
            )
        }
    }

    @Test(
        "reconcile --wait SIGKILLed at random through a first deploy and canaries, started again each time: it ends in the clean run's world"
    )
    func reconcileKilled() throws {
        var sequence = KillSequence(
            "reconcile", first: .init(base: 0.6, growth: 0.1), later: .init(base: 1, growth: 0.25))
        let scenario = try ExampleRounds("crash-reconcile")
        var starts = 0
        while true {
            starts += 1
            let child = try scenario.reconcileInBackground(
                log: scenario.folder.appendingPathComponent("reconcile-\(starts).log"))
            if let delay = sequence.nextDelay(), child.waitForExit(timeout: delay) == nil {
                child.killNow()
                try sequence.killed(after: delay, in: scenario)
                continue
            }
            let status = child.waitForExit(timeout: 300)
            #expect(
                status == 0,
                "round \(sequence.round): the reconcile left to finish exited \(status as Any):\n\(child.output.suffix(4000))"
            )
            guard status == 0, sequence.kills < sequence.target else { break }
            sequence.nextRound()
            try scenario.enter(round: sequence.round)
        }
        sequence.report()
        try sequence.checkConverged(scenario)
    }

    @Test(
        "ballast run SIGKILLed at random through a first deploy and canaries, started again each time: synced at the desired commits, in the clean run's world"
    )
    func runKilled() throws {
        var sequence = KillSequence("run", first: .init(base: 0.5, growth: 0.1), later: .init(base: 2, growth: 0.5))
        let scenario = try ExampleRounds("crash-run")
        let work = scenario.folder.appendingPathComponent("work")
        let remote = scenario.folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try ExampleRounds.copyExample(to: work.appendingPathComponent("desired"))
        let git = { (arguments: [String]) in try GitDesiredStateTests.git(arguments, in: work) }
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "the example, dev by canary"])
        try git(["branch", "dev"])
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: scenario.folder)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "origin", "main", "dev"])
        try git(["checkout", "-q", "dev"])
        var heads = [
            "dev": try GitDesiredStateTests.head(of: work, revision: "dev"),
            "prod": try GitDesiredStateTests.head(of: work, revision: "main"),
        ]
        func controller(_ label: String) throws -> ControllerProcess {
            try ControllerProcess(
                arguments: [
                    "--remote", remote.path, "--cache", scenario.folder.appendingPathComponent("cache").path,
                    "--interval", "1s", "--rollout-tick", "1s", "--listen", "127.0.0.1:0",
                ], environment: scenario.environment, log: scenario.folder.appendingPathComponent("run-\(label).log"))
        }
        var starts = 0
        while sequence.kills < sequence.target {
            starts += 1
            let controller = try controller("\(starts)")
            let delay = sequence.nextDelay()
            if let status = controller.waitForExit(timeout: delay ?? 0) {
                Issue.record(
                    "start \(starts): ballast run exited \(status) by itself:\n\(controller.output.suffix(4000))")
                return
            }
            if delay == nil {
                // The first deploy has had its share of kills: this start is killed once it has
                // finished the round.
                let port = try controller.port()
                try Eventually.wait(
                    timeout: 300, "round \(sequence.round) synced; log:\n\(controller.output.suffix(4000))"
                ) {
                    HTTPProbe.isSynced(heads, port: port)
                }
            }
            // Whether the round is done is asked before the kill, which then lands after it.
            let synced = (try? controller.port(timeout: 0)).map { HTTPProbe.isSynced(heads, port: $0) } ?? false
            controller.killNow()
            try sequence.killed(after: delay ?? 0, in: scenario)
            if synced {
                sequence.nextRound()
                try scenario.enter(round: sequence.round, in: work.appendingPathComponent("desired"))
                try git(["commit", "-q", "-am", "dev: orders round \(sequence.round)"])
                try git(["push", "-q", "origin", "dev"])
                heads["dev"] = try GitDesiredStateTests.head(of: work, revision: "dev")
            }
        }
        let last = try controller("final")
        let port = try last.port()
        try Eventually.wait(timeout: 300, "both stages synced at \(heads); log:\n\(last.output.suffix(4000))") {
            HTTPProbe.isSynced(heads, port: port)
        }
        #expect(last.terminate() == 0, "ballast run did not exit 0 on SIGTERM")
        sequence.report()
        try sequence.checkConverged(scenario)
    }

    @Test(
        "a reconcile killed between creating and executing a stack's first change set: the next one creates the stack left in REVIEW_IN_PROGRESS"
    )
    func createNeverExecuted() throws {
        let scenario = try ExampleRounds("crash-review")
        let out = scenario.folder.appendingPathComponent("synth")
        let synth = try BallastExecutable.run(
            ["synth", "--stage", "dev", "--desired", scenario.desired.path, "--out", out.path],
            environment: scenario.environment)
        #expect(synth.status == 0, "\(synth.standardError)")
        // What the kill leaves: the stack made by a CREATE change set, in review, never executed.
        let left = try PythonScript.jsonPrinted(
            byCode: "import boto3, json, sys\n"
                + "cfn = boto3.client('cloudformation', endpoint_url=sys.argv[1], region_name='us-east-1', "
                + "aws_access_key_id='testing', aws_secret_access_key='testing')\n"
                + "cfn.create_change_set(StackName='shop-dev-network', ChangeSetName='ballast-left-behind', "
                + "ChangeSetType='CREATE', TemplateBody=open(sys.argv[2]).read())\n"
                + "print(json.dumps(cfn.describe_stacks(StackName='shop-dev-network')['Stacks'][0]['StackStatus']))",
            [scenario.emulator.url, out.appendingPathComponent("dev/shop-dev-network.template.json").path])
        #expect(left as? String == "REVIEW_IN_PROGRESS")
        let child = try scenario.reconcileInBackground(log: scenario.folder.appendingPathComponent("reconcile.log"))
        let status = child.waitForExit(timeout: 240)
        #expect(status == 0, "the next reconcile exited \(status as Any):\n\(child.output.suffix(4000))")
        let dev = try scenario.world()["dev"]
        let stacks = dev?["stacks"] as? [String: [String: Any]] ?? [:]
        #expect(
            stacks.count == 7 && stacks.values.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" }, "\(stacks)")
        let changeSets = dev?["changeSets"] as? [String: Int] ?? [:]
        #expect(changeSets.values.allSatisfy { $0 == 0 }, "change sets left: \(changeSets)")
    }

    @Test(
        "a reconcile killed between creating an empty change set and deleting it: the next deploy of that stack deletes it"
    )
    func emptyChangeSetLeftBehind() throws {
        let scenario = try ExampleRounds("crash-empty")
        let first = try scenario.reconcileInBackground(log: scenario.folder.appendingPathComponent("first.log"))
        #expect(first.waitForExit(timeout: 240) == 0, "\(first.output.suffix(4000))")
        // What the kill leaves: prod's network created, its termination protection not yet set,
        // and the empty change set of the deploy that was to set it.
        let left = try PythonScript.jsonPrinted(
            byCode: "import boto3, json, sys\n"
                + "cfn = boto3.client('cloudformation', endpoint_url=sys.argv[1], region_name='eu-central-1', "
                + "aws_access_key_id='testing', aws_secret_access_key='testing')\n"
                + "name = 'shop-prod-network'\n"
                + "cfn.update_termination_protection(StackName=name, EnableTerminationProtection=False)\n"
                + "cfn.create_change_set(StackName=name, ChangeSetName='ballast-left-empty', ChangeSetType='UPDATE', "
                + "TemplateBody=json.dumps(cfn.get_template(StackName=name)['TemplateBody']), "
                + "Tags=cfn.describe_stacks(StackName=name)['Stacks'][0]['Tags'])\n"
                // CloudFormation computes a change set after the call returns (the emulator's
                // `fast` profile too): wait until it has, as a real kill would have left it.
                + "import time\n"
                + "for _ in range(100):\n"
                + "    status = cfn.describe_change_set(StackName=name, ChangeSetName='ballast-left-empty')['Status']\n"
                + "    if status not in ('CREATE_PENDING', 'CREATE_IN_PROGRESS'): break\n"
                + "    time.sleep(0.1)\n"
                + "print(json.dumps(status))",
            [scenario.emulator.url])
        #expect(left as? String == "FAILED")
        let next = try scenario.reconcileInBackground(log: scenario.folder.appendingPathComponent("next.log"))
        #expect(next.waitForExit(timeout: 240) == 0, "\(next.output.suffix(4000))")
        let prod = try scenario.world()["prod"]
        let stacks = prod?["stacks"] as? [String: [String: Any]] ?? [:]
        #expect(stacks["shop-prod-network"]?["protected"] as? Bool == true, "\(stacks)")
        let changeSets = prod?["changeSets"] as? [String: Int] ?? [:]
        #expect(changeSets.values.allSatisfy { $0 == 0 }, "change sets left: \(changeSets)")
    }
}
