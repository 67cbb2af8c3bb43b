import ArgumentParser
import Foundation

/// The release `ballast run` on the example at its defaults (a poll every 60 s, jittered; the
/// default rollout tick), with a webhook secret so that a push can be announced at once:
/// - idle for `idleSeconds` once synced: CPU (utime + stime from /proc/PID/stat) over the
///   window, as CPU-seconds per hour, the polls in it, and resident memory at its end;
/// - alarm → rollback with the default rollout tick (`CanaryRollback`, the canary announced
///   by webhook): with a minute between polls, the tick is what wakes the loop.
enum ControllerIdle {
    /// The idle window: five polls at the default interval (`BALLAST_BENCH_IDLE_SECONDS` to
    /// change it).
    static var idleSeconds: Double {
        ProcessInfo.processInfo.environment["BALLAST_BENCH_IDLE_SECONDS"].flatMap(Double.init) ?? 300
    }

    static func measure() throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let example = try ExampleRemote(name: "idle", emulator: emulator, extraDevImages: [CanaryRollback.image])
        defer { example.remove() }
        let secretFile = example.folder + "/webhook-secret"
        try (ControllerWebhook.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        let controller = try Controller(
            arguments: [
                "--remote", example.remote, "--cache", example.folder + "/cache", "--listen", "127.0.0.1:0",
                "--webhook-secret-file", secretFile,
            ],
            environment: ChildProcess.ballastEnvironment(endpoint: proxy.endpoint, home: example.folder),
            log: example.folder + "/controller.log")
        defer { _ = controller.terminate() }
        let start = ContinuousClock.now
        let port = try controller.port()
        for stage in ["dev", "prod"] {
            try controller.waitSynced(stage, at: example.first, port: port, timeout: 300)
        }
        var figures: [String: Double] = ["startToSyncedSeconds": ChildProcess.seconds(since: start)]

        // Idle: the polls of an unchanged remote at the default interval.
        let window = idleSeconds
        let fetches = "ballast_git_fetch_duration_seconds_count"
        let fetchesBefore = try Probe.metricTotals(port: port)[fetches, default: 0]
        let requestsBefore = try proxy.requests().count
        let cpuBefore = try controller.cpuSeconds()
        Thread.sleep(forTimeInterval: window)
        let cpu = try controller.cpuSeconds() - cpuBefore
        let polls = try Probe.metricTotals(port: port)[fetches, default: 0] - fetchesBefore
        let memory = try controller.memory()
        figures["idleSeconds"] = window
        figures["idleCPUSeconds"] = cpu
        figures["idleCPUSecondsPerHour"] = cpu / window * 3600
        figures["idlePolls"] = polls
        figures["idleAWSRequestsProxy"] = Double(try proxy.requests().count - requestsBefore)
        figures["idleRSSMiB"] = memory["VmRSS"]
        figures["idleRssAnonMiB"] = memory["RssAnon"]
        figures["idleRssFileMiB"] = memory["RssFile"]
        figures["idlePssMiB"] = memory["Pss"]
        figures["idleHWMMiB"] = memory["VmHWM"]

        figures.merge(
            try CanaryRollback.measure(controller, example: example, proxy: proxy, port: port) { commit in
                try ControllerWebhook.post(commit, port: port, controller: controller)
            },
            uniquingKeysWith: { _, new in new })
        figures["peakHWMMiB"] = try controller.memory()["VmHWM"]
        guard controller.terminate() == 0 else {
            throw ValidationError("ballast run did not exit 0 on SIGTERM; log:\n\(controller.output.suffix(3000))")
        }
        let wall = ChildProcess.seconds(since: start)
        return Measurement(
            scenario: Scenario.controllerIdle.rawValue, functions: 0, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: controller.finalCPUSeconds * 1000,
            peakResidentMiB: figures["peakHWMMiB"] ?? 0, figures: figures)
    }
}
