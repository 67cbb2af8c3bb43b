import ArgumentParser
import BallastModel
import BallastSynth
import DesiredStateGenerator
import Foundation

/// How many AWS requests Ballast sends, counted by operation at the recording proxy, for a
/// generated state against the emulator: the first reconcile from empty, a no-op reconcile, a
/// no-op `ballast diff`, and a reconcile after one function's image changed. The no-op passes
/// must send no mutating request (the scenario fails otherwise).
enum RequestEconomy {
    static func measure(functions: Int) throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-requests-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: home)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let folder = home + "/desired"
        try GeneratedFolder.write(DesiredStateGenerator(functionCount: functions).files(), to: folder)

        // The images exist before anything is timed: those of the state, and the changed one.
        let before = try images(folder)
        let changedFile = folder + "/functions/fn0000.yaml"
        let original = try String(contentsOfFile: changedFile, encoding: .utf8)
        let changed = try changeImage(original)
        try changed.write(toFile: changedFile, atomically: true, encoding: .utf8)
        let after = try images(folder)
        try original.write(toFile: changedFile, atomically: true, encoding: .utf8)
        for (stage, region) in before.keys.sorted(by: { $0.stage < $1.stage }).map({ ($0.stage, $0.region) }) {
            let all = before[StageKey(stage: stage, region: region), default: []]
                .union(after[StageKey(stage: stage, region: region), default: []])
            try Commands.run(
                "/usr/bin/env",
                [
                    "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage",
                    stage, "--region", region, "--push-images",
                ] + all.sorted())
        }

        let environment = Commands.ballastEnvironment(endpoint: proxy.endpoint, home: home)
        var counts: [RequestCount] = []
        var cpu = 0.0
        func pass(_ name: String, _ arguments: [String]) throws {
            let mark = try proxy.requests().count
            let start = ContinuousClock.now
            let cpuBefore = ResourceUsage.cpuSeconds()
            try Commands.run(Commands.ballast, arguments + ["--desired", folder], environment: environment)
            let wall = Commands.seconds(since: start)
            cpu += ResourceUsage.cpuSeconds() - cpuBefore
            let requests = try proxy.requests()
            counts.append(
                RequestCount(pass: name, functions: functions, requests: requests[mark...], wallSeconds: wall))
            FileHandle.standardError.write(
                Data(
                    "requests-reconcile \(functions): \(name): \(requests.count - mark) requests in \(String(format: "%.1f", wall)) s\n"
                        .utf8))
        }
        let start = ContinuousClock.now
        try pass("first reconcile", ["reconcile"])
        try pass("no-op reconcile", ["reconcile"])
        try pass("no-op diff", ["diff", "--detailed-exitcode"])
        counts[counts.count - 1].boundByOperation = try noopDiffBound(folder)
        try changed.write(toFile: changedFile, atomically: true, encoding: .utf8)
        try pass("one image changed", ["reconcile"])
        let wall = Commands.seconds(since: start)

        for count in counts where count.pass.hasPrefix("no-op") && count.mutating > 0 {
            throw ValidationError(
                "\(count.pass) of \(functions) functions sent \(count.mutating) mutating requests: \(count.byOperation)"
            )
        }
        return Measurement(
            scenario: Scenario.requestsReconcile.rawValue, functions: functions, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: cpu * 1000, peakResidentMiB: 0, requests: counts)
    }

    /// Issue 6's bound on a no-op diff, by operation: per stage one DescribeStacks page, one
    /// GetTemplate per stack, one GetAlias per function, one DescribeImages per repository, one
    /// DescribeAlarms page. Every other operation's bound is 0.
    static func noopDiffBound(_ folder: String) throws -> [String: Int] {
        let state = try DesiredStateLoader.load(directory: folder)
        let assembly = try Synthesizer.synthesize(state)
        var bound: [String: Int] = [:]
        for stage in assembly.stages {
            let functions = state.functions(in: stage.stage)
            bound["CloudFormation:DescribeStacks", default: 0] += 1
            bound["CloudFormation:GetTemplate", default: 0] += stage.stacks.count
            bound["Lambda:GetAlias", default: 0] += functions.count
            bound["ECR:DescribeImages", default: 0] += Set(functions.map(\.image.repositoryURI)).count
            bound["CloudWatch:DescribeAlarms", default: 0] += 1
        }
        return bound
    }

    struct StageKey: Hashable {
        var stage: String
        var region: String
    }

    /// The image URIs of each stage.
    static func images(_ folder: String) throws -> [StageKey: Set<String>] {
        let state = try DesiredStateLoader.load(directory: folder)
        var images: [StageKey: Set<String>] = [:]
        for stage in state.stages {
            images[StageKey(stage: stage.name, region: stage.region)] = Set(
                state.functions(in: stage).map(\.image.description))
        }
        return images
    }

    /// The function's default image under another tag (the generated states' stages that do not
    /// override it: dev).
    static func changeImage(_ text: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.hasPrefix("image: ") }),
            let colon = lines[index].lastIndex(of: ":")
        else { throw ValidationError("the generated function has no image line:\n\(text)") }
        lines[index] = lines[index][..<colon] + ":bench-changed"
        return lines.joined(separator: "\n")
    }
}
