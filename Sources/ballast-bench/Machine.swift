import Foundation

/// What a run ran on and when: printed above its tables, since a number means little without
/// the machine, the toolchain and how busy the machine was.
struct Machine: Codable {
    var cpu: String
    var cores: Int
    var memoryGiB: Double
    var operatingSystem: String
    var swift: String
    /// Python, moto, boto3, aws-cdk-lib and Node.js versions (the emulator and the comparisons).
    var peers: String
    var commit: String
    /// The `ballast` executable measured (`Commands.ballast`); nil in runs before it was kept.
    var ballast: String?
    /// The 1-, 5- and 15-minute load averages when the run began (other work on the machine).
    var loadAtStart: String
    var started: Date
    var finished: Date?

    /// The machine as it is now.
    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let pretty =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            ?? "unknown"
        let kernel = output("uname", ["-r"])
        let commit = output("git", ["rev-parse", "--short=12", "HEAD"])
        let dirty = !output("git", ["status", "--porcelain", "--untracked-files=no"]).isEmpty
        let peersScript = """
            import importlib.metadata as m, platform
            def v(name):
                try: return m.version(name)
                except Exception: return "not installed"
            print(f"Python {platform.python_version()}, moto {v('moto')}, boto3 {v('boto3')}", end="")
            """
        let cdk = output(
            CDKComparison.python,
            ["-c", "import importlib.metadata as m; print(m.version('aws-cdk-lib'))"])
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return Machine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824,
            operatingSystem: "\(pretty), Linux \(kernel)",
            swift: output("swift", ["--version"]).split(separator: "\n").first.map(String.init) ?? "unknown",
            peers: output("python3", ["-c", peersScript])
                + ", aws-cdk-lib \(cdk.isEmpty ? "not installed" : cdk), Node.js \(output("node", ["--version"]))",
            commit: commit + (dirty ? " (with uncommitted changes)" : ""),
            ballast: Commands.ballast,
            loadAtStart: load.split(separator: " ").prefix(3).joined(separator: " "),
            started: Date())
    }

    /// A command's standard output, trimmed; "" when it cannot run or fails.
    private static func output(_ command: String, _ arguments: [String]) -> String {
        guard let result = try? Commands.run("/usr/bin/env", [command] + arguments) else { return "" }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Everything a run measured, saved after each scenario (so a run that fails late keeps what
/// it had) and rendered into BENCHMARKS.md by `Report`.
struct RunRecord: Codable {
    var machine: Machine
    var arguments: String
    var measurements: [Measurement]
    /// Scenarios that failed (their error is on standard error).
    var failures: [String]

    func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func load(from path: String) throws -> RunRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RunRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
