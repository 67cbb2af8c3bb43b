import BallastTestSupport
import Foundation
import Testing

/// The example application in its own emulator, for crash sequences: desired/ copied with dev
/// rolling out by canary (10%, bake 2s, so a new dev image of orders is a canary), and every
/// stage's images in ECR. Round 0 is the example as it is (deployed into an empty account:
/// stack deploys); round n ≥ 1 gives dev's orders the image `orders:round-n`, pushed to ECR
/// first (a compute stack update, then a canary).
final class ExampleRounds {
    static let regions = ["dev": "us-east-1", "prod": "eu-central-1"]
    static let function = "shop-dev-orders"
    static let repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders"
    /// The stacks of both stages: network, database, compute, api, api-stage, monitoring, assets.
    static let stackCount = 14

    let emulator: LoopbackPeer
    let folder: URL
    /// The desired state `ballast reconcile` reads (the tests that use Git commit a copy).
    let desired: URL

    init(_ label: String) throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-\(label)-\(UUID().uuidString)")
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.copyExample(to: desired)
        try ReconcileCommandTests.pushImages(to: emulator.url)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Copies the repository's desired/ to `destination` with dev's rollout a short canary.
    static func copyExample(to destination: URL) throws {
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: destination)
        let project = destination.appendingPathComponent("ballast.yaml")
        let text = try String(contentsOf: project, encoding: .utf8)
        let canary = text.replacingOccurrences(
            of: "rollout:    { strategy: allAtOnce }", with: "rollout:    { strategy: canary, percent: 10, bake: 2s }")
        guard canary != text else { throw LoopbackPeer.Failure(description: "dev's rollout not found in \(project)") }
        try canary.write(to: project, atomically: true, encoding: .utf8)
    }

    /// Dev's orders image in `round`.
    static func image(round: Int) -> String {
        round == 0 ? "\(repository):dev" : "\(repository):round-\(round)"
    }

    /// Pushes `round`'s image to ECR and points dev's orders at it in `desired` (default: this
    /// scenario's own folder).
    func enter(round: Int, in desired: URL? = nil) throws {
        let image = Self.image(round: round)
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            ["--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images", image])
        let orders = (desired ?? self.desired).appendingPathComponent("functions/orders.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: #"us-east-1\.amazonaws\.com/orders:[^,]+,"#,
            with: "us-east-1.amazonaws.com/\(image.split(separator: "/")[1]),",
            options: .regularExpression)
        guard changed != text || round == 0 else {
            throw LoopbackPeer.Failure(description: "dev's orders image not found in \(orders)")
        }
        try changed.write(to: orders, atomically: true, encoding: .utf8)
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "USER": "tester", "NO_COLOR": "1",
            "BALLAST_CACHE_DIR": folder.appendingPathComponent("cli").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    /// `ballast reconcile --wait` of both stages, as a child process the test can kill.
    func reconcileInBackground(log: URL) throws -> ControllerProcess {
        try ControllerProcess(
            arguments: ["--wait", "--desired", desired.path], environment: environment, log: log, command: "reconcile")
    }

    /// The stages now, with `round`'s image digest.
    func snapshot(round: Int) throws -> CrashSnapshot {
        let tag = Self.image(round: round).split(separator: "/")[1]
        return try CrashSnapshot.read(endpoint: emulator.url, image: "dev=\(tag)")
    }

    /// What each stage left in the services (`Tests/Support/describe_world.py`).
    func world() throws -> [String: NSDictionary] {
        var result: [String: NSDictionary] = [:]
        for (stage, region) in Self.regions {
            let text = try PythonScript.output(
                "Tests/Support/describe_world.py", [emulator.url, region, "shop-\(stage)-"])
            result[stage] = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
        }
        return result
    }

    /// The world a clean, never killed `reconcile --wait` of rounds 0 … `rounds` leaves, in a
    /// fresh emulator.
    static func cleanWorld(rounds: Int) throws -> [String: NSDictionary] {
        let clean = try ExampleRounds("crash-clean")
        for round in 0...rounds {
            try clean.enter(round: round)
            let child = try clean.reconcileInBackground(log: clean.folder.appendingPathComponent("clean-\(round).log"))
            let status = child.waitForExit(timeout: 300)
            guard status == 0 else {
                throw LoopbackPeer.Failure(
                    description: "clean reconcile of round \(round) exited \(status as Any):\n\(child.output)")
            }
        }
        return try clean.world()
    }

    /// Where a world differs from the clean one, key by key as sorted JSON (empty: the same).
    /// The commit a stack was last deployed from (`ballast:commit`, set by the controller, not
    /// by a reconcile of a folder) is left out.
    static func differences(_ world: NSDictionary?, _ clean: NSDictionary?) -> String {
        func comparable(_ world: NSDictionary?) -> [String: Any] {
            var result = world as? [String: Any] ?? [:]
            if let stacks = result["stacks"] as? [String: [String: Any]] {
                result["stacks"] = stacks.mapValues { stack in
                    var stack = stack
                    stack["tags"] = (stack["tags"] as? [String: Any])?.filter { $0.key != "ballast:commit" }
                    return stack
                }
            }
            return result
        }
        func json(_ value: Any?) -> String {
            guard let value, JSONSerialization.isValidJSONObject([value]),
                let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
            else { return "\(value as Any)" }
            return String(decoding: data, as: UTF8.self)
        }
        let (got, want) = (comparable(world), comparable(clean))
        return Set(got.keys).union(want.keys).sorted().compactMap { key in
            let (left, right) = (json(got[key]), json(want[key]))
            return left == right ? nil : "  \(key):\n    killed: \(left)\n    clean:  \(right)"
        }.joined(separator: "\n")
    }

    /// The end of a crash sequence of `rounds` rounds, compared with a clean run's: the same
    /// world in every service, every stack complete with no change set left, one database per
    /// stage and the one first seen (`databases`), no duplicate version, and `live` wholly on
    /// the version of the desired image (dev's orders: `rounds`'s image).
    func checkConverged(rounds: Int, databases: [String: CrashSnapshot.Database], _ context: String) throws {
        let expected = try Self.cleanWorld(rounds: rounds)
        let actual = try world()
        for stage in Self.regions.keys.sorted() {
            let got = actual[stage]
            let differences = Self.differences(got, expected[stage])
            #expect(differences.isEmpty, "\(context), \(stage) differs from the clean run's:\n\(differences)")
            let stacks = got?["stacks"] as? [String: [String: Any]] ?? [:]
            for (name, stack) in stacks {
                let status = stack["status"] as? String ?? ""
                #expect(
                    status.hasSuffix("_COMPLETE") && !status.contains("ROLLBACK"), "\(context): \(name) is \(status)")
            }
            let changeSets = got?["changeSets"] as? [String: Int] ?? [:]
            #expect(
                !changeSets.isEmpty && changeSets.values.allSatisfy { $0 == 0 },
                "\(context): change sets left: \(changeSets)")
        }
        let last = try snapshot(round: rounds)
        var seen = databases
        last.check(databases: &seen, "\(context), at the end")
        for (name, stage) in last.stages {
            #expect(stage.databases.count == 1, "\(context): \(name) has databases \(stage.databases)")
            #expect(databases[name] != nil, "\(context): no kill found \(name)'s database existing")
            for (function, world) in stage.functions {
                #expect(world.weights.isEmpty, "\(context): \(function)'s live still splits traffic: \(world.weights)")
            }
        }
        let orders = last.stages["dev"]?.functions[Self.function]
        let live = orders?.liveVersion.flatMap { orders?.versions[$0] }
        #expect(
            live != nil && live == last.image,
            "\(context): dev's orders live runs \(live as Any), not \(last.image as Any)")
    }
}
