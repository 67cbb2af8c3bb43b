import ArgumentParser
import BallastModel
import DesiredStateGenerator
import Foundation

/// A no-op `ballast diff` against the AWS emulator: the desired state is reconciled first, then
/// the whole `ballast diff --detailed-exitcode` command is timed (it must exit 0: in sync).
enum NoopDiff {
    static func measure(_ scenario: Scenario, functions: Int, repetitions: Int) throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let folder: String
        if functions == 0 {
            folder = Scenario.exampleDirectory
        } else {
            folder =
                FileManager.default.temporaryDirectory
                .appendingPathComponent("ballast-bench-diff-\(ProcessInfo.processInfo.processIdentifier)").path
            try GeneratedFolder.write(DesiredStateGenerator(functionCount: functions).files(), to: folder)
        }
        let state = try DesiredStateLoader.load(directory: folder)
        for stage in state.stages {
            let images = Set(state.functions(in: stage).map(\.image.description)).sorted()
            try run(
                "/usr/bin/env",
                [
                    "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage",
                    stage.name,
                    "--region", stage.region, "--push-images",
                ] + images)
        }
        let ballast = Commands.ballast
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = emulator.endpoint
        environment["AWS_ACCESS_KEY_ID"] = "bench"
        environment["AWS_SECRET_ACCESS_KEY"] = "bench"
        environment["AWS_REGION"] = "us-east-1"
        try run(ballast, ["reconcile", "--desired", folder], environment: environment)
        var measurement = try Timing.measure(scenario, repetitions: repetitions) {
            try run(ballast, ["diff", "--desired", folder, "--detailed-exitcode"], environment: environment)
        }
        measurement.functions = functions
        return measurement
    }

    /// Runs a command to its end; a non-zero exit is an error naming the command and quoting the
    /// end of what it wrote to standard error (a failed CI run must say why).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let errors = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-stderr-\(ProcessInfo.processInfo.processIdentifier)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let written = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let tail = written.split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
                .joined(separator: "\n")
            throw ValidationError(
                "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) exited \(process.terminationStatus):\n\(tail)"
            )
        }
    }
}
