import ArgumentParser
import BallastModel
import Foundation

/// The release `ballast run` as users run it, on the example from a bare Git remote, against the
/// emulator through the recording proxy (`--interval 1s`, the default rollout tick):
/// - from start to both stages synced;
/// - idle for `idleSeconds` once synced: resident memory and threads from /proc, CPU per hour,
///   fetches and AWS requests during the idle polls (from /metrics and at the proxy);
/// - from `git push` of a changed handler to the first CreateChangeSet at the proxy, and to
///   /status synced at the new commit;
/// - a canary in progress (bake 10m): from SetAlarmState ALARM on the handler's errors alarm
///   to the rollback's UpdateAlias at the proxy, and to /status saying RolledBack.
enum ControllerFootprint {
    static let idleSeconds = 30.0
    static let rollbackImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:bench-rollback"

    static func measure() throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let example = try ExampleRemote(name: "controller", emulator: emulator, extraDevImages: [rollbackImage])
        defer { example.remove() }
        let folder = example.folder
        let first = example.first

        var figures: [String: Double] = [:]
        let controller = try Controller(
            arguments: [
                "--remote", example.remote, "--cache", folder + "/cache", "--interval", "1s", "--listen", "127.0.0.1:0",
            ],
            environment: ChildProcess.ballastEnvironment(endpoint: proxy.endpoint, home: folder),
            log: folder + "/controller.log")
        defer { _ = controller.terminate() }
        let start = ContinuousClock.now
        let port = try controller.port()
        for stage in ["dev", "prod"] {
            try controller.wait(timeout: 300, "\(stage) synced at \(first.prefix(12))") {
                let status = try Probe.stage(stage, port: port)
                return status["phase"] as? String == "synced" && status["revision"] as? String == first
            }
        }
        figures["startToSyncedSeconds"] = ChildProcess.seconds(since: start)
        figures["syncedHWMMiB"] = try controller.memory()["VmHWM"]

        // Idle: polls of an unchanged remote.
        let metricsBefore = try Probe.metricTotals(port: port)
        let requestsBefore = try proxy.requests().count
        let cpuBefore = try controller.cpuSeconds()
        Thread.sleep(forTimeInterval: idleSeconds)
        let cpuAfter = try controller.cpuSeconds()
        let metricsAfter = try Probe.metricTotals(port: port)
        let memory = try controller.memory()
        figures["idleSeconds"] = idleSeconds
        figures["idleRSSMiB"] = memory["VmRSS"]
        figures["idleHWMMiB"] = memory["VmHWM"]
        figures["idleRssAnonMiB"] = memory["RssAnon"]
        figures["idleRssFileMiB"] = memory["RssFile"]
        figures["idleThreads"] = memory["Threads"]
        figures["idlePssMiB"] = memory["Pss"]
        figures["idlePrivateDirtyMiB"] = memory["Private_Dirty"]
        figures["idleCPUSecondsPerHour"] = (cpuAfter - cpuBefore) / idleSeconds * 3600
        let fetches = "ballast_git_fetch_duration_seconds_count"
        figures["idleFetches"] = metricsAfter[fetches, default: 0] - metricsBefore[fetches, default: 0]
        let awsRequests = "ballast_aws_requests_total"
        figures["idleAWSRequestsMetric"] =
            metricsAfter[awsRequests, default: 0] - metricsBefore[awsRequests, default: 0]
        figures["idleAWSRequestsProxy"] = Double(try proxy.requests().count - requestsBefore)

        // Push → change set → synced.
        let second = try example.commitOrdersMemory(384)
        let pushStarted = Date().timeIntervalSince1970
        let pushClock = ContinuousClock.now
        try example.git(["push", "-q", "origin", "dev"])
        figures["pushCommandSeconds"] = ChildProcess.seconds(since: pushClock)
        var changeSetAt = 0.0
        try controller.wait(timeout: 60, "a CreateChangeSet after the push") {
            guard
                let request = try proxy.requests().first(where: {
                    $0.operation == "CreateChangeSet" && $0.time >= pushStarted
                })
            else { return false }
            changeSetAt = request.time
            return true
        }
        figures["pushToChangeSetSeconds"] = changeSetAt - pushStarted
        try controller.wait(timeout: 120, "dev synced at \(second.prefix(12))") {
            let status = try Probe.stage("dev", port: port)
            return status["phase"] as? String == "synced" && status["revision"] as? String == second
        }
        figures["pushToSyncedSeconds"] = ChildProcess.seconds(since: pushClock)
        figures["afterReconcileHWMMiB"] = try controller.memory()["VmHWM"]

        // A canary with a long bake, then its errors alarm in ALARM.
        try example.edit("ballast.yaml") {
            $0.replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: canary, percent: 10, bake: 10m }")
        }
        try example.edit("functions/orders.yaml") {
            $0.replacingOccurrences(of: "orders:dev", with: "orders:bench-rollback")
        }
        try example.git(["commit", "-q", "-am", "dev: canary with a long bake; orders: a new image"])
        let third = try example.head("dev")
        let canaryPushed = Date().timeIntervalSince1970
        try example.git(["push", "-q", "origin", "dev"])
        // The canary has begun once the alias moved (UpdateAlias) and the status says progressing.
        try controller.wait(timeout: 120, "dev's canary of \(third.prefix(12))") {
            let status = try Probe.stage("dev", port: port)
            guard status["revision"] as? String == third, status["phase"] as? String == "progressing" else {
                return false
            }
            return try proxy.requests().contains { $0.operation == "UpdateAlias" && $0.time >= canaryPushed }
        }
        try ChildProcess.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Support/set_alarm_state.py", proxy.endpoint, "us-east-1", "shop-dev-orders-errors",
                "ALARM",
            ])
        guard let alarmAt = try proxy.requests().last(where: { $0.operation == "SetAlarmState" })?.time else {
            throw ValidationError("SetAlarmState did not pass the recording proxy")
        }
        var rollbackAt = 0.0
        try controller.wait(timeout: 120, "the rollback's UpdateAlias") {
            guard
                let request = try proxy.requests().first(where: { $0.operation == "UpdateAlias" && $0.time > alarmAt })
            else { return false }
            rollbackAt = request.time
            return true
        }
        figures["alarmToUpdateAliasSeconds"] = rollbackAt - alarmAt
        try controller.wait(timeout: 60, "dev's status RolledBack") {
            try Probe.stage("dev", port: port)["reason"] as? String == "RolledBack"
        }
        figures["alarmToStatusSeconds"] = Date().timeIntervalSince1970 - alarmAt
        figures["peakHWMMiB"] = try controller.memory()["VmHWM"]
        guard controller.terminate() == 0 else {
            throw ValidationError("ballast run did not exit 0 on SIGTERM; log:\n\(controller.output.suffix(3000))")
        }
        let wall = ChildProcess.seconds(since: start)
        return Measurement(
            scenario: Scenario.controllerExample.rawValue, functions: 0, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: controller.finalCPUSeconds * 1000,
            peakResidentMiB: figures["peakHWMMiB"] ?? 0, figures: figures)
    }
}

/// `ballast run` as a child process, its log in a file, its memory and CPU read from /proc.
final class Controller {
    let log: String
    private let process: Process
    private var lastCPUSeconds = 0.0

    init(arguments: [String], environment: [String: String], log: String) throws {
        self.log = log
        // Foundation's Process starts children with signals blocked; the controller must see SIGTERM.
        let unblockAndRun =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", unblockAndRun, ChildProcess.ballast, "run"] + arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    func port() throws -> Int {
        var found: Int?
        try wait(timeout: 60, "the controller to listen") {
            guard let range = output.range(of: "listening on http://127.0.0.1:") else { return false }
            found = Int(output[range.upperBound...].prefix { $0.isNumber })
            return found != nil
        }
        return found ?? 0
    }

    /// Polls `condition` every 50 ms; on timeout, an error quoting the controller's log.
    func wait(timeout: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ValidationError("timed out waiting for \(what); controller log:\n\(output.suffix(3000))")
    }

    /// VmRSS, VmHWM, RssAnon, RssFile (MiB) and Threads from /proc/PID/status; Pss and
    /// Private_Dirty (MiB) from /proc/PID/smaps_rollup (the share of the mapped libraries
    /// counted once per process that maps them, and the memory only this process holds).
    func memory() throws -> [String: Double] {
        var figures: [String: Double] = [:]
        for file in ["status", "smaps_rollup"] {
            let text = try String(contentsOfFile: "/proc/\(process.processIdentifier)/\(file)", encoding: .utf8)
            for line in text.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
                guard parts.count >= 2, let value = Double(parts[1]) else { continue }
                let name = String(parts[0])
                if ["VmRSS", "VmHWM", "RssAnon", "RssFile", "Pss", "Private_Dirty"].contains(name) {
                    figures[name] = value / 1024
                }
                if name == "Threads" { figures[name] = value }
            }
        }
        return figures
    }

    /// User + system CPU seconds from /proc/PID/stat.
    func cpuSeconds() throws -> Double {
        let text = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        // Fields after the command name in parentheses (which may contain spaces); utime and stime
        // are the 14th and 15th fields overall, the 12th and 13th after it.
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        lastCPUSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        return lastCPUSeconds
    }

    /// CPU seconds over the controller's life, as last read (`terminate` reads it just before
    /// the signal).
    var finalCPUSeconds: Double { lastCPUSeconds }

    /// SIGTERM, then up to 30 s for the exit; its status, or nil if it did not exit.
    func terminate() -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        _ = try? cpuSeconds()
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// The controller's HTTP endpoints, read with curl.
enum Probe {
    /// The body, or "" when the controller did not answer (it is polled until it does).
    static func get(_ url: String) throws -> String {
        (try? ChildProcess.run("/usr/bin/env", ["curl", "-s", "-m", "5", url]))?.output ?? ""
    }

    static func stage(_ name: String, port: Int) throws -> [String: Any] {
        let body = try get("http://127.0.0.1:\(port)/status")
        let document = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (document?["stages"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// Per metric name, the sum of its samples over all label sets.
    static func metricTotals(port: Int) throws -> [String: Double] {
        var totals: [String: Double] = [:]
        for line in try get("http://127.0.0.1:\(port)/metrics").split(separator: "\n") where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { totals[name, default: 0] += value }
        }
        return totals
    }
}
