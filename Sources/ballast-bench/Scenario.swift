import ArgumentParser
import BallastControllerConfig
import BallastModel
import BallastSynth
import DesiredStateGenerator
import Foundation

/// What can be measured.
enum Scenario: String, CaseIterable, ExpressibleByArgument {
    /// Load and validate a generated state (2 stages) from files in memory.
    case validateInMemory = "validate-memory"
    /// Load and validate the same state from a folder on disk, as `ballast validate` does.
    case validateFromDisk = "validate-disk"
    /// Synthesize every stage of an already loaded generated state.
    case synthInMemory = "synth-memory"
    /// Plan every stage of a generated state against a recorded live state that matches it
    /// (`PureDiff`): the diff without AWS.
    case diffInMemory = "diff-memory"
    /// Synthesize the repository's example (2 stages) in process.
    case synthExample = "synth-example"
    /// The whole `ballast synth` command on the example, as a user runs it.
    case synthCommandExample = "synth-command-example"
    /// The same application written with the AWS CDK for Python, synthesized by its whole command
    /// (`Benchmarks/cdk-app/app.py`, with `BALLAST_CDK_PYTHON`); see `CDKComparison`.
    case synthCDKExample = "synth-cdk-example"
    /// 1,000 sequential DescribeStacks with Ballast's client against the AWS emulator; see
    /// `AWSComparison`.
    case awsDescribeStacks = "aws-describe-stacks"
    /// The same 1,000 calls with boto3 from one Python process.
    case awsDescribeStacksBoto3 = "aws-describe-stacks-boto3"
    /// Sign + serialise + parse of a recorded DescribeStacks response, 10,000 times, no network.
    case awsClientOverhead = "aws-client-overhead"
    /// A no-op `ballast diff` of the example against the emulator, after a reconcile.
    case diffNoopExample = "diff-noop-example"
    /// The same for a generated state of 100 functions per stage.
    case diffNoop100 = "diff-noop-100"
    /// AWS requests by operation of a first reconcile, a no-op reconcile, a no-op diff and a
    /// one-image change, counted at the recording proxy; see `RequestEconomy`.
    case requestsReconcile = "requests-reconcile"
    /// The release `ballast run` on the example from a bare Git remote: push → change set and →
    /// synced, idle memory and polls, alarm → rollback; see `ControllerFootprint`. Opt-in
    /// (`--only controller`): it takes about two minutes.
    case controllerExample = "controller-example"
    /// Push → change set when the push arrives as a signed webhook; see `ControllerWebhook`.
    /// Opt-in (`--only controller`).
    case controllerWebhook = "controller-webhook"
    /// The controller's peak memory while it reconciles a generated state from nothing; see
    /// `ControllerReconcile`. Opt-in (`--only controller`).
    case controllerReconcile = "controller-reconcile"
    /// The controller at its defaults: CPU per idle hour over five 60 s polls, and alarm →
    /// rollback with the default rollout tick; see `ControllerIdle`. Opt-in (`--only
    /// controller`): it takes about six minutes.
    case controllerIdle = "controller-idle"
    /// One controller serving many applications, then three replicas sharing them (issue 18);
    /// see `ControllerApplications`. Opt-in (`--only controller`): about ten minutes for 20
    /// applications.
    case controllerApplications = "controller-applications"
    /// Alarm → rollback under `ballast reconcile --wait`, without a controller; see
    /// `RollbackReconcileWait`.
    case rollbackReconcileWait = "rollback-reconcile-wait"
    /// "Bad answers users got" (issue 17): users at 50 requests/s through the API while a
    /// version failing every request is rolled out by canary, gated by checks, by its own
    /// metrics, or by function-wide alarms only; see `BadAnswers`. Opt-in (`--only rollback`):
    /// it takes about five minutes at the emulator's real-time clock.
    case rollbackBadAnswers = "rollback-bad-answers"

    /// Whether the scenario runs on generated states of each size (or on the example once).
    var isSized: Bool {
        ![
            .synthExample, .synthCommandExample, .synthCDKExample, .diffNoopExample, .diffNoop100,
            .controllerExample, .controllerWebhook, .controllerIdle, .controllerApplications, .rollbackReconcileWait,
            .rollbackBadAnswers,
        ].contains(self) && !isAWS
    }

    /// Whether the scenario runs only when `--only` names it.
    var isOptIn: Bool { isController }

    /// Whether the scenario runs the controller or times a rollout: minutes each, opt-in.
    var isController: Bool {
        [
            .controllerExample, .controllerWebhook, .controllerReconcile, .controllerIdle, .controllerApplications,
            .rollbackReconcileWait, .rollbackBadAnswers,
        ].contains(self)
    }

    /// Whether the scenario measures the AWS client (`AWSComparison`).
    var isAWS: Bool { [.awsDescribeStacks, .awsDescribeStacksBoto3, .awsClientOverhead].contains(self) }

    /// The repository's `desired/`, found from the working directory.
    static var exampleDirectory: String { FileManager.default.currentDirectoryPath + "/desired" }

    func measure(functions: Int, repetitions: Int) throws -> Measurement {
        let generator = DesiredStateGenerator(functionCount: functions)
        let work: () throws -> Void
        switch self {
        case .validateInMemory:
            let tree = generator.tree()
            work = { _ = try DesiredStateLoader.load(tree) }
        case .validateFromDisk:
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("ballast-bench-\(ProcessInfo.processInfo.processIdentifier)").path
            try GeneratedFolder.write(generator.files(), to: folder)
            work = { _ = try DesiredStateLoader.load(directory: folder) }
        case .synthInMemory:
            let state = try DesiredStateLoader.load(generator.tree())
            work = { _ = try Synthesizer.synthesize(state) }
        case .diffInMemory:
            let diff = try PureDiff(try DesiredStateLoader.load(generator.tree()))
            work = { try diff.plan() }
        case .synthExample:
            let state = try DesiredStateLoader.load(directory: Self.exampleDirectory)
            work = { _ = try Synthesizer.synthesize(state) }
        case .synthCommandExample:
            let ballast = Commands.ballast
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-bench-synth").path
            work = {
                let status = try DirectSpawn.run(ballast, ["synth", "--desired", Self.exampleDirectory, "--out", out])
                guard status == 0 else { throw ExitCode(status) }
            }
        case .synthCDKExample:
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-bench-cdk").path
            work = { try CDKComparison.synthesize(into: out) }
        case .awsDescribeStacks, .awsDescribeStacksBoto3, .awsClientOverhead:
            return try AWSComparison.measure(self, repetitions: repetitions)
        case .diffNoopExample:
            return try NoopDiff.measure(self, functions: 0, repetitions: repetitions)
        case .diffNoop100:
            return try NoopDiff.measure(self, functions: 100, repetitions: repetitions)
        case .requestsReconcile:
            return try RequestEconomy.measure(functions: functions)
        case .controllerExample:
            return try ControllerFootprint.measure()
        case .controllerWebhook:
            return try ControllerWebhook.measure()
        case .controllerReconcile:
            return try ControllerReconcile.measure(functions: functions)
        case .controllerIdle:
            return try ControllerIdle.measure()
        case .controllerApplications:
            return try ControllerApplications.measure()
        case .rollbackReconcileWait:
            return try RollbackReconcileWait.measure()
        case .rollbackBadAnswers:
            return try BadAnswers.measure()
        }
        var measurement = try Timing.measure(self, repetitions: repetitions, work)
        measurement.functions = isSized ? functions : 0
        return measurement
    }
}

/// One scenario's figures.
struct Measurement: Codable {
    var scenario: String
    var functions: Int
    var repetitions: Int
    var wallMillisecondsMedian: Double
    var wallMillisecondsMin: Double
    var cpuMillisecondsMedian: Double
    var peakResidentMiB: Double
    /// Requests by operation per pass (`requests-reconcile`).
    var requests: [RequestCount]? = nil
    /// Named figures of scenarios that measure more than one thing (`controller-example`).
    var figures: [String: Double]? = nil

    static func table(_ rows: [Measurement]) -> String {
        var lines = [
            "| scenario | functions/stage | wall median (ms) | wall min (ms) | CPU median (ms) | peak RSS (MiB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in rows {
            lines.append(
                "| \(row.scenario) | \(row.sizeLabel) | \(format(row.wallMillisecondsMedian)) | \(format(row.wallMillisecondsMin)) | \(format(row.cpuMillisecondsMedian)) | \(row.peakResidentMiB > 0 ? format(row.peakResidentMiB) : "–") |"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// One decimal, thousands separated by commas.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return Report.count(tenths / 10) + "." + String(abs(tenths % 10))
    }

    /// What the scenario ran on: a number of functions per stage, the example, or (the AWS
    /// client's scenarios) neither.
    var sizeLabel: String {
        if Scenario(rawValue: scenario)?.isAWS == true { return "–" }
        return functions == 0 ? "example" : String(functions)
    }
}

/// CPU time and peak memory of this process and of the commands it ran (the `*-command-*` and
/// `synth-cdk-example` scenarios do their work in child processes).
enum ResourceUsage {
    static func cpuSeconds() -> Double {
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return [RUSAGE_SELF, RUSAGE_CHILDREN].reduce(0) { total, who in
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            return total + seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    }

    /// Peak resident set size of this process or its largest child (Linux reports `ru_maxrss` in KiB).
    static func peakResidentMiB() -> Double {
        [RUSAGE_SELF, RUSAGE_CHILDREN].map { who in
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            return Double(usage.ru_maxrss) / 1024
        }.max() ?? 0
    }
}

/// Writes generated files into a folder.
enum GeneratedFolder {
    static func write(_ files: [String: String], to folder: String) throws {
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: folder)
        for (path, text) in files {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}
