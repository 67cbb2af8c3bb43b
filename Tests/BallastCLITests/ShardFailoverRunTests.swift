import BallastControllerConfig
import BallastModel
import BallastTestSupport
import Foundation
import Testing

/// Replicas of `ballast run --shards N` sharing applications in real bare repositories, against
/// one emulator: a replica killed and started again, and the shard count changed while both
/// layouts run.
@Suite("shards: a killed replica, and resharding", .serialized)
final class ShardFailoverRunTests {
    /// Three to a shard of three: auth, stock, audit on 0; billing, search, mail on 1; shop,
    /// orders, users on 2.
    static let nine = ["auth", "stock", "audit", "billing", "search", "mail", "shop", "orders", "users"]

    @Test(
        "nine applications on three replicas: each reconciled by exactly one; a replica killed with SIGKILL and started again carries on with its own, a commit pushed while it was down included"
    )
    func killedReplica() throws {
        let world = try ShardedApplications()
        var applications: [ShardedApplications.Application] = []
        var commits: [String: String] = [:]
        for name in Self.nine {
            let (application, commit) = try world.create(
                name, files: ["ballast.yaml": SmallDesiredState.project(name)])
            applications.append(application)
            commits[name] = commit
        }
        let owners = Dictionary(uniqueKeysWithValues: Self.nine.map { ($0, Shard.index(of: $0, count: 3)) })
        #expect((0..<3).allSatisfy { shard in owners.values.filter { $0 == shard }.count == 3 }, "\(owners)")
        let configs = try (0..<3).map { try world.config(applications, cache: "cache-\($0)") }
        var replicas = try (0..<3).map { try world.replica(config: configs[$0], shard: $0, of: 3) }

        func synced(_ name: String, on replica: ShardedApplications.Replica) throws -> Bool {
            try ApplicationsRunTests.isSynced(name, at: commits[name] ?? "", port: replica.port)
        }
        for name in Self.nine {
            let owner = replicas[owners[name] ?? 0]
            try Eventually.wait(timeout: 120, "\(name) synced; log:\n\(owner.process.output.suffix(3000))") {
                try synced(name, on: owner)
            }
        }
        // Every replica names the same owner of each; only the owner ever reconciled it.
        for replica in replicas {
            for name in Self.nine {
                let entry = try ApplicationsRunTests.application(name, port: replica.port)
                #expect(entry["shard"] as? Int == owners[name], "replica \(replica.shard), \(name): \(entry)")
                #expect(entry["reconciledHere"] as? Bool == (owners[name] == replica.shard))
            }
            let own = Set(Self.nine.filter { owners[$0] == replica.shard })
            #expect(try ShardedApplications.reconciled(by: replica) == own, "replica \(replica.shard)")
        }

        // Shard 1 dies without a word; a commit to one of its applications arrives meanwhile.
        let victim = try #require(applications.first { owners[$0.name] == 1 })
        replicas[1].process.killNow()
        commits[victim.name] = try world.commit(
            ["ballast.yaml": SmallDesiredState.project(victim.name, email: "oncall@example.com")], to: victim,
            message: "\(victim.name): alerts to on-call")
        // Nobody else takes it up: three polls later the other replicas still leave it alone.
        Thread.sleep(forTimeInterval: 6)
        for replica in [replicas[0], replicas[2]] {
            #expect(try !ShardedApplications.reconciled(by: replica).contains(victim.name))
        }
        #expect(try world.note(victim, commits[victim.name] ?? "").isEmpty)

        replicas[1] = try world.replica(config: configs[1], shard: 1, of: 3)
        let restarted = replicas[1]
        try Eventually.wait(timeout: 90, "\(victim.name) synced again; log:\n\(restarted.process.output.suffix(3000))")
        {
            try synced(victim.name, on: restarted)
        }
        for name in Self.nine where owners[name] == 1 {
            try Eventually.wait(timeout: 60, "\(name) synced after the restart") { try synced(name, on: restarted) }
        }
        // The restarted replica reconciled its own and nothing else; the others never touched them.
        #expect(try ShardedApplications.reconciled(by: restarted) == Set(Self.nine.filter { owners[$0] == 1 }))
        for replica in [replicas[0], replicas[2]] {
            let own = Set(Self.nine.filter { owners[$0] == replica.shard })
            #expect(try ShardedApplications.reconciled(by: replica) == own, "replica \(replica.shard)")
        }
        // The new commit was applied once, by its owner: one line in its note.
        let note = try world.note(victim, commits[victim.name] ?? "")
        #expect(note.count == 1 && note.first?.hasPrefix("application=\(victim.name) stage=dev phase=synced") == true)
        #expect(restarted.process.output.contains("shard 1 of 3: reconciling 3 of 9 applications"))
        for replica in replicas {
            #expect(replica.process.terminate() == 0, "\(replica.process.output.suffix(2000))")
        }
    }

    /// Two to a shard of three and three to a shard of two: auth and audit on 0 of 3, billing
    /// and search on 1, shop and orders on 2; audit, billing and orders on 0 of 2.
    static let six = ["auth", "audit", "billing", "search", "shop", "orders"]

    /// The function `worker` of `application`, on image tag `generation` (pushed by the test),
    /// its environment naming the generation.
    static func worker(_ application: String, image generation: Int, environment: Int) -> String {
        """
        name: worker
        image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/\(application):v\(generation)
        timeout: 5s
        environment: { GENERATION: "\(environment)" }
        """
    }

    /// Request rates well above the defaults, so that the two owners of an application start
    /// their passes on the same push and deploy the same stacks at the same moment (at the
    /// defaults one of them is often done before the other has read the stacks).
    static let fast = "aws:\n  requestsPerSecond: { cloudFormation: 100, lambda: 100, cloudWatch: 100 }\n"

    @Test(
        "resharding from three replicas to two with both layouts running at once on six applications: every stage ends synced, no stack failed, no version published twice"
    )
    func resharding() throws {
        // Stack operations and Lambda updates take time, so the two owners of an application
        // during the overlap meet each other's operations in progress.
        let world = try ShardedApplications(emulatorArguments: ["--latency", "fast"])
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            ["--endpoint", world.emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images"]
                + Self.six.flatMap { name in
                    (1...2).map { "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(name):v\($0)" }
                })
        var applications: [ShardedApplications.Application] = []
        var commits: [String: String] = [:]
        for name in Self.six {
            let (application, commit) = try world.create(
                name,
                files: [
                    "ballast.yaml": SmallDesiredState.project(name),
                    "functions/worker.yaml": Self.worker(name, image: 1, environment: 1),
                ])
            applications.append(application)
            commits[name] = commit
        }
        func synced(_ name: String, on replica: ShardedApplications.Replica) -> Bool {
            (try? ApplicationsRunTests.isSynced(name, at: commits[name] ?? "", port: replica.port)) == true
        }
        func owner(_ name: String, among replicas: [ShardedApplications.Replica]) -> ShardedApplications.Replica {
            replicas[Shard.index(of: name, count: replicas.count)]
        }
        let old = try (0..<3).map {
            try world.replica(
                config: try world.config(applications, cache: "old-\($0)", extra: Self.fast), shard: $0, of: 3)
        }
        for name in Self.six {
            try Eventually.wait(timeout: 120, "\(name) synced on the old layout") {
                synced(name, on: owner(name, among: old))
            }
        }

        // The new layout starts beside the old one, and a new image of every application
        // arrives: each is now reconciled by two replicas at once, an old one and a new one.
        let new = try (0..<2).map {
            try world.replica(
                config: try world.config(applications, cache: "new-\($0)", extra: Self.fast), shard: $0, of: 2)
        }
        for application in applications {
            commits[application.name] = try world.commit(
                ["functions/worker.yaml": Self.worker(application.name, image: 2, environment: 2)], to: application,
                message: "\(application.name): v2")
        }
        try world.announcePush(to: old + new)
        for name in Self.six {
            try Eventually.wait(timeout: 120, "\(name) synced on both layouts") {
                synced(name, on: owner(name, among: old)) && synced(name, on: owner(name, among: new))
            }
        }
        // Both layouts keep polling the same applications for a while.
        Thread.sleep(forTimeInterval: 4)
        // The two owners did meet: one found the other's deploy in progress, its change set gone
        // (executed or deleted by the other), or the alias moved under it (a stale RevisionId).
        let logs = (old + new).map(\.process.output).joined()
        let meetings = [
            "waiting for it to settle", "was deleted before it ran", "by an earlier deploy",
            "another writer updated the alias",
        ]
        .map { logs.components(separatedBy: $0).count - 1 }
        #expect(meetings.reduce(0, +) > 0, "no sign of two replicas deploying one application at once")
        // No answer was lost here: a deployer that says so took another's change set for its own.
        let adopted = logs.split(separator: "\n").filter { $0.contains("(its answer was lost)") }
        #expect(adopted.isEmpty, "\(adopted)")
        for replicas in [old, new] {
            for replica in replicas {
                let own = Set(Self.six.filter { owner($0, among: replicas).shard == replica.shard })
                #expect(
                    try ShardedApplications.reconciled(by: replica) == own,
                    "shard \(replica.shard) of \(replicas.count)")
            }
        }
        for replica in old { #expect(replica.process.terminate() == 0, "\(replica.process.output.suffix(2000))") }

        // The new layout alone carries on with every application, those that moved included.
        for application in applications {
            commits[application.name] = try world.commit(
                ["functions/worker.yaml": Self.worker(application.name, image: 2, environment: 3)], to: application,
                message: "\(application.name): generation 3")
        }
        try world.announcePush(to: new)
        for name in Self.six {
            try Eventually.wait(timeout: 120, "\(name) synced on the new layout") {
                synced(name, on: owner(name, among: new))
            }
        }

        let history = try PythonScript.output(
            "Tests/Support/stack_history.py", [world.emulator.url, "us-east-1"] + Self.six.map { "\($0)-dev-" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [String: Any])
        let stacks = try #require(document["stacks"] as? [String: [String: Any]])
        #expect(stacks.count == Self.six.count * 3, "\(stacks.keys.sorted())")
        for (name, stack) in stacks {
            let status = stack["status"] as? String ?? ""
            #expect(status.hasSuffix("_COMPLETE") && !status.contains("ROLLBACK"), "\(name): \(status)")
            let failed = (stack["events"] as? [String] ?? []).filter {
                $0.contains("FAILED") || $0.contains("ROLLBACK")
            }
            #expect(failed.isEmpty, "\(name): \(failed)")
        }
        let functions = try #require(document["functions"] as? [String: [String: Any]])
        #expect(functions.keys.sorted() == Self.six.map { "\($0)-dev-worker" }.sorted())
        for (name, function) in functions {
            // One version per generation: the first image, the second, its new environment.
            let versions = function["versions"] as? [String: String] ?? [:]
            #expect(versions.count == 3 && Set(versions.values).count == 3, "\(name): \(versions)")
            let newest = versions.keys.compactMap(Int.init).max().map(String.init)
            #expect(function["live"] as? String == newest, "\(name): live on \(function["live"] ?? "none")")
            #expect(newest.flatMap { versions[$0] }?.contains(#""GENERATION": "3""#) == true, "\(name): \(versions)")
        }
        for replica in new {
            let own = Set(Self.six.filter { owner($0, among: new).shard == replica.shard })
            #expect(try ShardedApplications.reconciled(by: replica) == own, "shard \(replica.shard) of 2")
            #expect(replica.process.terminate() == 0, "\(replica.process.output.suffix(2000))")
        }
    }
}
