import ArgumentParser
import BallastChildProcess
import Foundation

/// `ballast run` as a child process, its log in a file, its memory and CPU read from /proc.
final class Controller {
    let log: String
    private let process: ControllerProcess
    private var lastCPUSeconds = 0.0

    /// Starts `ballast run arguments…` (killed with SIGKILL when released).
    init(arguments: [String], environment: [String: String], log: String) throws {
        self.log = log
        process = try ControllerProcess(
            executable: Commands.ballast, arguments: arguments, environment: environment,
            log: URL(fileURLWithPath: log))
    }

    var output: String { process.output }

    /// The port it listens on, once it says so (at most a minute).
    func port() throws -> Int {
        do {
            return try process.port(timeout: 60)
        } catch {
            throw ValidationError(
                "the controller did not listen within 60 s, or exited; controller log:\n\(output.suffix(3000))")
        }
    }

    /// Polls `condition` every 50 ms; on timeout, an error quoting the controller's log.
    /// When `proxy` saw the first CreateChangeSet at or after `since` (seconds since 1970),
    /// waiting up to a minute for it; `after` names the trigger in the timeout message.
    func firstChangeSet(through proxy: RecordingProxy, since: Double, after: String) throws -> Double {
        var changeSetAt = 0.0
        try wait(timeout: 60, "a CreateChangeSet after \(after)") {
            guard
                let request = try proxy.requests().first(where: {
                    $0.operation == "CreateChangeSet" && $0.time >= since
                })
            else { return false }
            changeSetAt = request.time
            return true
        }
        return changeSetAt
    }

    /// Waits until `stage` is synced at `commit` (at most `timeout` seconds).
    func waitSynced(_ stage: String, at commit: String, port: Int, timeout: Double = 120) throws {
        try wait(timeout: timeout, "\(stage) synced at \(commit.prefix(12))") {
            let status = try Probe.stage(stage, port: port)
            return status["phase"] as? String == "synced" && status["revision"] as? String == commit
        }
    }

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
            let text = try String(contentsOfFile: "/proc/\(process.pid)/\(file)", encoding: .utf8)
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
        let text = try String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8)
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

    /// The scenario's measurement once it is done: peak memory now, then SIGTERM, which must
    /// end the controller with status 0.
    func finish(
        _ scenario: Scenario, functions: Int = 0, since start: ContinuousClock.Instant, figures: [String: Double]
    )
        throws -> Measurement
    {
        var figures = figures
        figures["peakHWMMiB"] = try memory()["VmHWM"]
        guard terminate() == 0 else {
            throw ValidationError("ballast run did not exit 0 on SIGTERM; log:\n\(output.suffix(3000))")
        }
        let wall = Commands.seconds(since: start)
        return Measurement(
            scenario: scenario.rawValue, functions: functions, repetitions: 1, wallMillisecondsMedian: wall * 1000,
            wallMillisecondsMin: wall * 1000, cpuMillisecondsMedian: finalCPUSeconds * 1000,
            peakResidentMiB: figures["peakHWMMiB"] ?? 0, figures: figures)
    }

    /// SIGTERM, then up to 30 s for the exit; its status, or nil if it did not exit.
    func terminate() -> Int32? {
        if let status = process.process.exitStatus { return status }
        _ = try? cpuSeconds()
        return process.terminate(timeout: 30)
    }
}

/// The controller's HTTP endpoints, read with curl.
enum Probe {
    /// The body, or "" when the controller did not answer (it is polled until it does).
    static func get(_ url: String) throws -> String {
        (try? Commands.run("/usr/bin/env", ["curl", "-s", "-m", "5", url]))?.output ?? ""
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
