import BallastTestSupport
import Foundation
import Testing

/// Every stage of the example as the emulator's services have it, read by
/// `Tests/Support/crash_snapshot.py` after each kill of a crash sequence: stack statuses, RDS
/// instances with their identity, and each function's alias `live`, versions and rollout tag.
struct CrashSnapshot {
    /// An RDS instance's identity: a replacement gives it a new resource id and creation time.
    struct Database: Equatable, CustomStringConvertible {
        var resourceId: String
        var created: String
        var description: String { "\(resourceId) created \(created)" }
    }

    /// One stage.
    struct Stage {
        var stacks: [String: String]
        var databases: [String: Database]
        var functions: [String: RolloutWorld]
    }

    var stages: [String: Stage]
    /// The digest (hex, as CodeSha256) of the image asked for, when one was.
    var image: String?

    /// The stages now; with `image` (`STAGE=REPOSITORY:TAG`), that tag's digest as well.
    static func read(endpoint: String, image: String? = nil) throws -> CrashSnapshot {
        let stages = ExampleRounds.regions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let text = try PythonScript.output(
            "Tests/Support/crash_snapshot.py", [endpoint, "shop"] + stages + (image.map { ["--image", $0] } ?? []))
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        var result = CrashSnapshot(stages: [:], image: json["image"] as? String)
        let now = Date()
        for (name, value) in json["stages"] as? [String: [String: Any]] ?? [:] {
            let databases = (value["databases"] as? [String: [String: String]] ?? [:]).mapValues {
                Database(resourceId: $0["resourceId"] ?? "", created: $0["created"] ?? "")
            }
            let functions = (value["functions"] as? [String: [String: Any]] ?? [:]).mapValues {
                RolloutWorld(json: $0, time: now)
            }
            result.stages[name] = Stage(
                stacks: value["stacks"] as? [String: String] ?? [:], databases: databases, functions: functions)
        }
        return result
    }

    /// Stacks in a state the next deploy cannot simply continue from (failed or rolled back).
    var brokenStacks: [String: String] {
        var broken: [String: String] = [:]
        for stage in stages.values {
            for (name, status) in stage.stacks where status.contains("FAILED") || status.contains("ROLLBACK") {
                broken[name] = status
            }
        }
        return broken
    }

    /// How many stacks of every stage are complete.
    var completeStacks: Int {
        stages.values.map { $0.stacks.values.filter { $0.hasSuffix("_COMPLETE") }.count }.reduce(0, +)
    }

    /// Invariants that hold after any kill: no stack failed or rolled back, at most one database
    /// per stage and none replaced (`databases` holds each stage's first seen identity and is
    /// filled here), no two versions of a function with the same code, `live` on at most two
    /// versions and only published ones.
    func check(databases: inout [String: Database], _ context: String) {
        #expect(brokenStacks.isEmpty, "\(context): stacks left failed: \(brokenStacks)")
        for (name, stage) in stages {
            #expect(stage.databases.count <= 1, "\(context): \(name) has databases \(stage.databases)")
            if let (_, database) = stage.databases.first {
                if let first = databases[name] {
                    #expect(database == first, "\(context): \(name)'s database was replaced: \(first) → \(database)")
                } else {
                    databases[name] = database
                }
            }
            for (function, world) in stage.functions {
                let codes = Array(world.versions.values)
                #expect(Set(codes).count == codes.count, "\(context): \(function) has duplicate versions \(codes)")
                #expect(
                    world.routed.count <= 2 && world.routed.isSubset(of: Set(world.versions.keys)),
                    "\(context): \(function)'s live routes to \(world.routed) (versions \(world.versions.keys.sorted()))"
                )
            }
        }
    }
}
