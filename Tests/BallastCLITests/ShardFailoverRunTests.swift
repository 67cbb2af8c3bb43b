import BallastModel
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
                name, files: ["ballast.yaml": ShardedApplications.project(name)])
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
            ["ballast.yaml": ShardedApplications.project(victim.name, email: "oncall@example.com")], to: victim,
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
}
