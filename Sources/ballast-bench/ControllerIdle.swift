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
        // The rollback is timed from an alarm set to ALARM by hand (SetAlarmState): the
        // emulator must not evaluate it back to OK from its metrics before Ballast reacts.
        let emulator = try BenchEmulator.start(["--no-evaluate-alarms"])
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let example = try ExampleRemote(name: "idle", emulator: emulator, extraDevImages: [CanaryRollback.image])
        defer { example.remove() }
        // No --interval, no --rollout-tick: the defaults.
        let (controller, port, start) = try ControllerWebhook.startSynced(example, through: proxy, arguments: [])
        defer { _ = controller.terminate() }
        var figures: [String: Double] = ["startToSyncedSeconds": Commands.seconds(since: start)]

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
        return try controller.finish(.controllerIdle, since: start, figures: figures)
    }
}
