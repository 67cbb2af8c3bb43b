import ArgumentParser
import BallastControllerConfig
import BallastModel
import Foundation

/// Issue 18's benchmark: one `ballast run` serving many applications (an `applications:` list,
/// one bare remote each, `BALLAST_BENCH_APPLICATIONS` of them, default 20), each of two stages
/// (dev on `main`, prod on `release`, both us-east-1) of five functions (network, compute and
/// monitoring stacks), against the emulator; then the same applications on three replicas
/// with `--shards 3`.
///
/// The world is first deployed by a controller with high request rates (not measured), so
/// that what is measured is the controller at its defaults on a world in sync: its first pass
/// over every stage is the full drift check it does every `driftCheck` (10 minutes); then
/// resident memory after ten idle seconds and the AWS requests of the next 60 s (Git polls
/// only: no drift check is due). Memory per extra application compares with a controller of
/// one application.
enum ControllerApplications {
    static var count: Int {
        ProcessInfo.processInfo.environment["BALLAST_BENCH_APPLICATIONS"].flatMap(Int.init) ?? 20
    }

    static func measure() throws -> Measurement {
        let start = ContinuousClock.now
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-applications-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (0..<count).map { "app\($0)" }
        var commits: [String: [String: String]] = [:]
        for name in names { commits[name] = try repository(name, in: folder) }
        try Commands.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage", "dev",
                "--region", "us-east-1", "--push-images", image,
            ])
        let environment = Commands.ballastEnvironment(endpoint: emulator.endpoint, home: folder)
        func controller(_ names: [String], _ label: String, extra: String = "", shards: Int = 1, shard: Int = 0)
            throws -> (Controller, Int)
        {
            var text = "git:\n  cache: \(folder)/cache-\(label)\nhttp:\n  listen: 127.0.0.1:0\n" + extra
            text += "applications:\n" + names.map { "  - name: \($0)\n    remote: \(folder)/\($0).git\n" }.joined()
            let config = "\(folder)/config-\(label).yaml"
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            let process = try Controller(
                arguments: ["--config", config, "--shards", "\(shards)", "--shard", "\(shard)"],
                environment: environment, log: "\(folder)/controller-\(label).log")
            return (process, try process.port())
        }
        func waitSynced(_ names: [String], _ controller: Controller, port: Int) throws {
            try controller.wait(timeout: 3600, "\(names.count) applications synced") {
                let body = try Probe.get("http://127.0.0.1:\(port)/status")
                let document = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                let applications = document?["applications"] as? [String: Any] ?? [:]
                return names.allSatisfy { name in
                    let stages = (applications[name] as? [String: Any])?["stages"] as? [String: Any] ?? [:]
                    return ["dev", "prod"].allSatisfy { stage in
                        let status = stages[stage] as? [String: Any]
                        return status?["phase"] as? String == "synced"
                            && status?["revision"] as? String == commits[name]?[stage]
                    }
                }
            }
        }
        func requests(_ port: Int) throws -> Double {
            try Probe.metricTotals(port: port)["ballast_aws_requests_total"] ?? 0
        }
        var figures: [String: Double] = ["applications": Double(count), "stacks": Double(count * 2 * 3)]

        // The world, deployed fast.
        let seedStart = ContinuousClock.now
        let (seeder, seederPort) = try controller(
            names, "seed",
            extra:
                "loop:\n  interval: 5s\naws:\n  requestsPerSecond: { cloudFormation: 200, lambda: 200, cloudWatch: 200 }\n"
        )
        try waitSynced(names, seeder, port: seederPort)
        figures["seedSeconds"] = Commands.seconds(since: seedStart)
        guard seeder.terminate() == 0 else { throw ValidationError("the seeding controller did not exit 0") }

        // One controller, every application, at the defaults.
        let checkStart = ContinuousClock.now
        let (single, singlePort) = try controller(names, "single")
        try waitSynced(names, single, port: singlePort)
        figures["driftCheckSeconds"] = Commands.seconds(since: checkStart)
        figures["driftCheckRequests"] = try requests(singlePort)
        Thread.sleep(forTimeInterval: 10)
        let idle = try single.memory()
        figures["idleRSSMiB"] = idle["VmRSS"]
        figures["idleRssAnonMiB"] = idle["RssAnon"]
        figures["idleThreads"] = idle["Threads"]
        let before = try requests(singlePort)
        Thread.sleep(forTimeInterval: 60)
        figures["idleRequestsPerMinute"] = try requests(singlePort) - before
        figures["cpuSeconds"] = try single.cpuSeconds()
        guard single.terminate() == 0 else { throw ValidationError("ballast run did not exit 0 on SIGTERM") }

        // One application alone, the same figures: the single-application column, and the memory
        // an extra application costs.
        let aloneStart = ContinuousClock.now
        let (alone, alonePort) = try controller([names[0]], "one")
        try waitSynced([names[0]], alone, port: alonePort)
        figures["oneApplicationDriftCheckSeconds"] = Commands.seconds(since: aloneStart)
        figures["oneApplicationDriftCheckRequests"] = try requests(alonePort)
        Thread.sleep(forTimeInterval: 10)
        let aloneIdle = try alone.memory()
        figures["oneApplicationRSSMiB"] = aloneIdle["VmRSS"]
        figures["oneApplicationRssAnonMiB"] = aloneIdle["RssAnon"]
        let aloneBefore = try requests(alonePort)
        Thread.sleep(forTimeInterval: 60)
        figures["oneApplicationIdleRequestsPerMinute"] = try requests(alonePort) - aloneBefore
        guard alone.terminate() == 0 else { throw ValidationError("ballast run did not exit 0 on SIGTERM") }
        if count > 1, let all = figures["idleRSSMiB"], let one = figures["oneApplicationRSSMiB"] {
            figures["perExtraApplicationMiB"] = (all - one) / Double(count - 1)
        }

        // Three replicas sharing them.
        let shardStart = ContinuousClock.now
        let replicas = try (0..<3).map { try controller(names, "shard-\($0)", shards: 3, shard: $0) }
        for (index, (replica, port)) in replicas.enumerated() {
            try waitSynced(names.filter { Shard.index(of: $0, count: 3) == index }, replica, port: port)
        }
        figures["shards3DriftCheckSeconds"] = Commands.seconds(since: shardStart)
        figures["shards3DriftCheckRequests"] = try replicas.map { try requests($0.1) }.reduce(0, +)
        Thread.sleep(forTimeInterval: 10)
        let memories = try replicas.map { try $0.0.memory() }
        let rss = memories.map { $0["VmRSS"] ?? 0 }
        figures["shards3IdleRSSMiBTotal"] = rss.reduce(0, +)
        figures["shards3IdleRSSMiBMax"] = rss.max()
        figures["shards3IdleRssAnonMiBTotal"] = memories.map { $0["RssAnon"] ?? 0 }.reduce(0, +)
        let shardBefore = try replicas.map { try requests($0.1) }.reduce(0, +)
        Thread.sleep(forTimeInterval: 60)
        figures["shards3IdleRequestsPerMinute"] = try replicas.map { try requests($0.1) }.reduce(0, +) - shardBefore
        for (replica, _) in replicas {
            guard replica.terminate() == 0 else { throw ValidationError("a replica did not exit 0 on SIGTERM") }
        }
        let wall = Commands.seconds(since: start)
        return Measurement(
            scenario: Scenario.controllerApplications.rawValue, functions: 5, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: (figures["cpuSeconds"] ?? 0) * 1000, peakResidentMiB: idle["VmHWM"] ?? 0,
            figures: figures)
    }

    static let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench:v1"

    /// A bare remote `<name>.git` whose `main` (dev) and `release` (prod) hold the application;
    /// the commit of each stage.
    static func repository(_ name: String, in folder: String) throws -> [String: String] {
        let work = "\(folder)/work-\(name)"
        try FileManager.default.createDirectory(atPath: "\(work)/desired/functions", withIntermediateDirectories: true)
        var project = "project: \(name)\nstages:\n"
        for (stage, branch, cidr) in [("dev", "main", "10.10.0.0/16"), ("prod", "release", "10.20.0.0/16")] {
            project += "  \(stage):\n    branch: \(branch)\n    region: us-east-1\n"
            project += "    network:    { cidr: \(cidr), azs: 1, natGateways: 0 }\n"
            project += "    monitoring: { email: \(stage)@example.com }\n    rollout:    { strategy: allAtOnce }\n"
        }
        try project.write(toFile: "\(work)/desired/ballast.yaml", atomically: true, encoding: .utf8)
        for index in 1...5 {
            try "name: f\(index)\nimage: \(image)\ntimeout: 5s\n".write(
                toFile: "\(work)/desired/functions/f\(index).yaml", atomically: true, encoding: .utf8)
        }
        try ExampleRemote.git(["init", "-q", "-b", "main"], in: work)
        try ExampleRemote.git(["add", "-A"], in: work)
        try ExampleRemote.git(["commit", "-q", "-m", name], in: work)
        try ExampleRemote.git(["branch", "release"], in: work)
        try ExampleRemote.git(["init", "-q", "--bare", "\(folder)/\(name).git"], in: folder)
        try ExampleRemote.git(["push", "-q", "\(folder)/\(name).git", "main", "release"], in: work)
        let commit = try ExampleRemote.head(work, "main")
        return ["dev": commit, "prod": commit]
    }
}
