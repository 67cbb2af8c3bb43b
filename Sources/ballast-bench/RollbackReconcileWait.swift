import ArgumentParser
import Foundation

/// Alarm → rollback with `ballast reconcile --wait` (no controller): the example's dev stage as
/// a canary with a 30 s bake; once the command says 10 % of traffic is on the new version, the
/// errors alarm of orders is set to ALARM through the recording proxy, and the rollback is timed
/// from that SetAlarmState to the rollback's UpdateAlias at the proxy and to the command's exit
/// (status 3: rolled back).
enum RollbackReconcileWait {
    static let bake = "30s"

    static func measure() throws -> Measurement {
        // The rollback is timed from an alarm set to ALARM by hand (SetAlarmState): the
        // emulator must not evaluate it back to OK from its metrics before Ballast reacts.
        let emulator = try BenchEmulator.start(["--no-evaluate-alarms"])
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-wait-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: home)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let folder = home + "/desired"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Scenario.exampleDirectory, toPath: folder)
        let settings = folder + "/ballast.yaml"
        let canary = try String(contentsOfFile: settings, encoding: .utf8).replacingOccurrences(
            of: "rollout:    { strategy: allAtOnce }",
            with: "rollout:    { strategy: canary, percent: 10, bake: \(bake) }")
        try canary.write(toFile: settings, atomically: true, encoding: .utf8)

        let registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
        let push = [
            "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage", "dev",
            "--region", "us-east-1",
        ]
        try ChildProcess.run(
            "/usr/bin/env", push + ["--push-images", "\(registry)/orders:dev", "\(registry)/catalog:dev"])
        let environment = ChildProcess.ballastEnvironment(endpoint: proxy.endpoint, home: home)
        try ChildProcess.run(
            ChildProcess.ballast, ["reconcile", "--stage", "dev", "--desired", folder], environment: environment)
        // The same tag pushed again: a new digest, so the next reconcile rolls out a new version.
        try ChildProcess.run("/usr/bin/env", push + ["--repush", "again", "--push-images", "\(registry)/orders:dev"])

        let log = home + "/wait.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ChildProcess.ballast)
        process.arguments = ["reconcile", "--stage", "dev", "--wait", "--desired", folder]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let start = ContinuousClock.now
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        func written() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        while !written().contains("10% of traffic") {
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { process.terminate() }
                throw ValidationError("reconcile --wait did not start the canary:\n\(written().suffix(3000))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try ChildProcess.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Support/set_alarm_state.py", proxy.endpoint, "us-east-1", "shop-dev-orders-errors",
                "ALARM",
            ])
        process.waitUntilExit()
        let exited = Date().timeIntervalSince1970
        let wall = ChildProcess.seconds(since: start)
        let requests = try proxy.requests()
        guard let alarmAt = requests.last(where: { $0.operation == "SetAlarmState" })?.time,
            let rollbackAt = requests.first(where: { $0.operation == "UpdateAlias" && $0.time > alarmAt })?.time
        else {
            throw ValidationError(
                "no rollback UpdateAlias after the alarm (exit \(process.terminationStatus)):\n\(written().suffix(3000))"
            )
        }
        let figures = [
            "exitStatus": Double(process.terminationStatus), "alarmToUpdateAliasSeconds": rollbackAt - alarmAt,
            "alarmToExitSeconds": exited - alarmAt,
        ]
        return Measurement(
            scenario: Scenario.rollbackReconcileWait.rawValue, functions: 0, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: ResourceUsage.cpuSeconds() * 1000, peakResidentMiB: ResourceUsage.peakResidentMiB(),
            figures: figures)
    }
}
