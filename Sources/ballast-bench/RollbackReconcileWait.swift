import ArgumentParser
import BallastChildProcess
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
        try Commands.run(
            "/usr/bin/env", push + ["--push-images", "\(registry)/orders:dev", "\(registry)/catalog:dev"])
        let environment = Commands.ballastEnvironment(endpoint: proxy.endpoint, home: home)
        try Commands.run(
            Commands.ballast, ["reconcile", "--stage", "dev", "--desired", folder], environment: environment)
        // The same tag pushed again: a new digest, so the next reconcile rolls out a new version.
        try Commands.run("/usr/bin/env", push + ["--repush", "again", "--push-images", "\(registry)/orders:dev"])

        let log = home + "/wait.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let start = ContinuousClock.now
        let process = try ChildProcess(
            Commands.ballast, ["reconcile", "--stage", "dev", "--wait", "--desired", folder],
            environment: environment, error: .file(log))
        let deadline = Date().addingTimeInterval(120)
        func written() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        while !written().contains("10% of traffic") {
            guard process.isRunning, Date() < deadline else {
                process.terminate()
                throw ValidationError("reconcile --wait did not start the canary:\n\(written().suffix(3000))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try Commands.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Support/set_alarm_state.py", proxy.endpoint, "us-east-1", "shop-dev-orders-errors",
                "ALARM",
            ])
        let status = process.waitForExit()
        let exited = Date().timeIntervalSince1970
        let wall = Commands.seconds(since: start)
        let requests = try proxy.requests()
        guard let alarmAt = requests.last(where: { $0.operation == "SetAlarmState" })?.time,
            let rollbackAt = requests.first(where: { $0.operation == "UpdateAlias" && $0.time > alarmAt })?.time
        else {
            throw ValidationError(
                "no rollback UpdateAlias after the alarm (exit \(status)):\n\(written().suffix(3000))"
            )
        }
        let figures = [
            "exitStatus": Double(status), "alarmToUpdateAliasSeconds": rollbackAt - alarmAt,
            "alarmToExitSeconds": exited - alarmAt,
        ]
        return Measurement(
            scenario: Scenario.rollbackReconcileWait.rawValue, functions: 0, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: ResourceUsage.cpuSeconds() * 1000, peakResidentMiB: ResourceUsage.peakResidentMiB(),
            figures: figures)
    }
}
