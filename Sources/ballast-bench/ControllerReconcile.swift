import ArgumentParser
import DesiredStateGenerator
import Foundation

/// The controller's memory while it reconciles a generated state from nothing: the release
/// `ballast run` on a bare remote holding `DesiredStateGenerator(functionCount:)`, timed from its
/// start to both stages synced; peak resident memory (VmHWM) then, and resident memory after
/// ten idle seconds.
enum ControllerReconcile {
    static func measure(functions: Int) throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let generated = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-generated-\(ProcessInfo.processInfo.processIdentifier)").path
        try GeneratedFolder.write(DesiredStateGenerator(functionCount: functions).files(), to: generated)
        defer { try? FileManager.default.removeItem(atPath: generated) }
        let remote = try ExampleRemote(name: "controller-\(functions)", emulator: emulator, desired: generated)
        defer { remote.remove() }
        let controller = try Controller(
            arguments: [
                "--remote", remote.remote, "--cache", remote.folder + "/cache", "--interval", "5s", "--listen",
                "127.0.0.1:0",
            ],
            environment: Commands.ballastEnvironment(endpoint: emulator.endpoint, home: remote.folder),
            log: remote.folder + "/controller.log")
        defer { _ = controller.terminate() }
        let start = ContinuousClock.now
        let port = try controller.port()
        for stage in ["dev", "prod"] {
            try controller.waitSynced(stage, at: remote.first, port: port, timeout: 3600)
        }
        let wall = Commands.seconds(since: start)
        var figures: [String: Double] = ["startToSyncedSeconds": wall]
        let synced = try controller.memory()
        figures["syncedHWMMiB"] = synced["VmHWM"]
        figures["syncedRSSMiB"] = synced["VmRSS"]
        Thread.sleep(forTimeInterval: 10)
        let idle = try controller.memory()
        figures["idleRSSMiB"] = idle["VmRSS"]
        figures["idleRssAnonMiB"] = idle["RssAnon"]
        figures["idleThreads"] = idle["Threads"]
        let cpu = try controller.cpuSeconds()
        guard controller.terminate() == 0 else {
            throw ValidationError("ballast run did not exit 0 on SIGTERM; log:\n\(controller.output.suffix(3000))")
        }
        return Measurement(
            scenario: Scenario.controllerReconcile.rawValue, functions: functions, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000, cpuMillisecondsMedian: cpu * 1000,
            peakResidentMiB: idle["VmHWM"] ?? 0, figures: figures)
    }
}
