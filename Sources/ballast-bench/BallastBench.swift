import ArgumentParser
import BallastModel
import DesiredStateGenerator
import Foundation

/// `ballast-bench`: benchmarks of Ballast's own work, each scenario measured in a fresh child
/// process so that peak memory belongs to that scenario alone.
@main
struct BallastBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ballast-bench",
        abstract: "Measure Ballast: wall time, CPU time and peak memory per scenario.",
        subcommands: [RunAll.self, Measure.self, RenderReport.self, Generate.self],
        defaultSubcommand: RunAll.self
    )
}

/// Writes a generated desired state to a folder (reused by later benchmarks and by hand).
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a generated desired state to a folder.")

    @Option(help: "Number of functions.") var functions = 1000
    @Option(help: "Number of databases.") var databases = 2
    @Option(help: "Output folder.") var out: String

    func run() throws {
        let generator = DesiredStateGenerator(functionCount: functions, databaseCount: databases)
        try GeneratedFolder.write(generator.files(), to: out)
        print("wrote \(functions) functions to \(out)")
    }
}

/// Runs every scenario in child processes and prints a table, or writes it into BENCHMARKS.md.
struct RunAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run every scenario and print the table.")

    @Option(help: "Function counts to measure.") var sizes: [Int] = [10, 100, 1000]
    @Option(help: "Only scenarios whose name starts with this.") var only: String?
    @Flag(help: "Every scenario, the opt-in controller and rollback scenarios too.") var all = false
    @Option(help: "Repetitions per scenario (the median is reported).") var repetitions = 5
    @Flag(help: "Print JSON lines instead of a table.") var json = false
    @Option(help: "Save every measurement to this JSON file as the run goes (for `report`).") var results: String?
    @Option(help: "Write the report between the bench markers of this markdown file.") var markdownInto: String?

    func validate() throws {
        if all && only != nil { throw ValidationError("--all and --only exclude each other") }
    }

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var record = RunRecord(
            machine: Machine.current(), arguments: CommandLine.arguments.dropFirst().joined(separator: " "),
            measurements: [], failures: [])
        for scenario in Scenario.allCases
        where only.map({ scenario.rawValue.hasPrefix($0) }) ?? (all || !scenario.isOptIn) {
            if scenario == .synthCDKExample, !CDKComparison.isAvailable() {
                FileHandle.standardError.write(Data(CDKComparison.unavailableNote.utf8))
                continue
            }
            let repetitions =
                scenario == .synthCDKExample ? min(repetitions, CDKComparison.maximumRepetitions) : repetitions
            for size in scenario.isSized ? sizes : [0] {
                FileHandle.standardError.write(
                    Data("ballast-bench: \(scenario.rawValue)\(scenario.isSized ? " \(size)" : "")\n".utf8))
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = [
                    "measure", scenario.rawValue, "--functions", "\(size)", "--repetitions", "\(repetitions)",
                ]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                // A failed scenario is reported and the run goes on, so that an hour's run is not
                // lost to one scenario; the run still exits non-zero.
                let name = scenario.rawValue + (scenario.isSized ? " \(size)" : "")
                if process.terminationStatus != 0 {
                    record.failures.append("\(name) exited \(process.terminationStatus)")
                } else if let measurement = try? JSONDecoder().decode(Measurement.self, from: data) {
                    record.measurements.append(measurement)
                } else {
                    record.failures.append("\(name) printed no measurement")
                }
                record.machine.finished = Date()
                if let results { try record.save(to: results) }
            }
        }
        if let markdownInto { try Report(record: record).write(into: markdownInto) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for result in record.measurements { print(String(decoding: try encoder.encode(result), as: UTF8.self)) }
        } else {
            print(Report(record: record).markdown())
        }
        if !record.failures.isEmpty {
            FileHandle.standardError.write(
                Data("ballast-bench: failed: \(record.failures.joined(separator: "; "))\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Renders a saved run (`run --results`) again, into a markdown file or to standard output.
struct RenderReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render the report of a saved run.")

    @Option(help: "The JSON file `run --results` saved.") var results: String
    @Option(help: "Write the report between the bench markers of this markdown file.") var markdownInto: String?

    func run() throws {
        let report = Report(record: try RunRecord.load(from: results))
        if let markdownInto { try report.write(into: markdownInto) } else { print(report.markdown()) }
    }
}

/// Measures one scenario in this process and prints the result as JSON.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure one scenario (used by run).")

    @Argument var scenario: Scenario
    @Option var functions = 1000
    @Option var repetitions = 5

    func run() throws {
        let result = try scenario.measure(functions: functions, repetitions: repetitions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
