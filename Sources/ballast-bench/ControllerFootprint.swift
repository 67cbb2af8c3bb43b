import ArgumentParser
import Foundation

/// The release `ballast run` as users run it, on the example from a bare Git remote, against the
/// emulator through the recording proxy (`--interval 1s`, the default rollout tick):
/// - from start to both stages synced;
/// - idle for `idleSeconds` once synced: resident memory and threads from /proc, CPU per hour,
///   fetches and AWS requests during the idle polls (from /metrics and at the proxy);
/// - from `git push` of a changed handler to the first CreateChangeSet at the proxy, and to
///   /status synced at the new commit;
/// - a canary in progress (bake 10m): alarm → rollback (`CanaryRollback`), here bounded by the
///   1 s poll rather than the rollout tick (`controller-idle` measures it at the defaults).
enum ControllerFootprint {
    static let idleSeconds = 30.0

    static func measure() throws -> Measurement {
        // The rollback is timed from an alarm set to ALARM by hand (SetAlarmState): the
        // emulator must not evaluate it back to OK from its metrics before Ballast reacts.
        let emulator = try BenchEmulator.start(["--no-evaluate-alarms"])
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let example = try ExampleRemote(name: "controller", emulator: emulator, extraDevImages: [CanaryRollback.image])
        defer { example.remove() }
        let folder = example.folder
        let first = example.first

        var figures: [String: Double] = [:]
        let controller = try Controller(
            arguments: [
                "--remote", example.remote, "--cache", folder + "/cache", "--interval", "1s", "--listen", "127.0.0.1:0",
            ],
            environment: Commands.ballastEnvironment(endpoint: proxy.endpoint, home: folder),
            log: folder + "/controller.log")
        defer { _ = controller.terminate() }
        let start = ContinuousClock.now
        let port = try controller.port()
        for stage in ["dev", "prod"] {
            try controller.waitSynced(stage, at: first, port: port, timeout: 300)
        }
        figures["startToSyncedSeconds"] = Commands.seconds(since: start)
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
        figures["pushCommandSeconds"] = Commands.seconds(since: pushClock)
        let changeSetAt = try controller.firstChangeSet(through: proxy, since: pushStarted, after: "the push")
        figures["pushToChangeSetSeconds"] = changeSetAt - pushStarted
        try controller.waitSynced("dev", at: second, port: port)
        figures["pushToSyncedSeconds"] = Commands.seconds(since: pushClock)
        figures["afterReconcileHWMMiB"] = try controller.memory()["VmHWM"]

        // A canary with a long bake, then its errors alarm in ALARM.
        figures.merge(
            try CanaryRollback.measure(controller, example: example, proxy: proxy, port: port) { _ in },
            uniquingKeysWith: { _, new in new })
        return try controller.finish(.controllerExample, since: start, figures: figures)
    }
}
