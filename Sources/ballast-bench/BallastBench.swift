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
        subcommands: [RunAll.self, Measure.self, Generate.self],
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

/// Runs every scenario in child processes and prints a table.
struct RunAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run every scenario and print the table.")

    @Option(help: "Function counts to measure.") var sizes: [Int] = [10, 100, 1000]
    @Option(help: "Only scenarios whose name starts with this.") var only: String?
    @Option(help: "Repetitions per scenario (the median is reported).") var repetitions = 5
    @Flag(help: "Print JSON lines instead of a table.") var json = false

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var results: [Measurement] = []
        for scenario in Scenario.allCases where only.map({ scenario.rawValue.hasPrefix($0) }) ?? !scenario.isOptIn {
            if scenario == .synthCDKExample, !CDKComparison.isAvailable() {
                FileHandle.standardError.write(Data(CDKComparison.unavailableNote.utf8))
                continue
            }
            let repetitions =
                scenario == .synthCDKExample ? min(repetitions, CDKComparison.maximumRepetitions) : repetitions
            for size in scenario.isSized ? sizes : [0] {
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
                guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
                results.append(try JSONDecoder().decode(Measurement.self, from: data))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for result in results { print(String(decoding: try encoder.encode(result), as: UTF8.self)) }
        } else {
            print(Measurement.table(results))
            for line in CDKComparison.ratioLines(results) { print(line) }
            for line in AWSComparison.summaryLines(results) { print(line) }
            let requests = results.flatMap { $0.requests ?? [] }
            if !requests.isEmpty {
                print("\nAWS requests by pass (requests-reconcile):\n" + RequestCount.table(requests))
            }
            for result in results {
                guard let figures = result.figures else { continue }
                print("\n\(result.scenario):")
                for (name, value) in figures.sorted(by: { $0.key < $1.key }) {
                    print("  \(name): \(String(format: "%.2f", value))")
                }
            }
        }
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
