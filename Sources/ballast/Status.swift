import ArgumentParser
import BallastController
import BallastPlan
import Foundation

/// `ballast status`: the live status of each stage, as JSON, and its badge.
struct Status: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the live status of each stage (JSON) and optionally write its badge.")

    @OptionGroup var desiredOptions: DesiredOptions

    @Option(name: .long, help: "Only this stage (default: every stage).")
    var stage: String?

    @Option(name: .long, help: "Write <stage>.svg badges into this folder.")
    var badges: String?

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        let badgeFolder = try badges.map { try OutputFolder($0, option: "--badges") }
        let state = try await DesiredStateCommandSupport.load(desiredOptions)
        let stages = try StageSelection.select(stage, branch: desiredOptions.branch, in: state)
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        var statuses: [String: StageStatus] = [:]
        for stage in stages {
            do {
                let result = try await Planner(session: session, trustsAliasNotes: false).plan(state, stage: stage)
                statuses[stage.name] = StatusReader.status(
                    of: result, stage: stage.name,
                    strategies: StatusReader.strategies(state, stage))
            } catch {
                statuses[stage.name] = StageStatus(
                    stage: stage.name, phase: .unknown, reason: .readFailed, message: "\(error)", time: Date(),
                    lastError: ErrorReport(error))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(statuses), as: UTF8.self))
        if let badgeFolder {
            for (name, status) in statuses.sorted(by: { $0.key < $1.key }) {
                try badgeFolder.write(Data(Badge.svg(for: status).utf8), to: "\(name).svg")
            }
        }
    }
}
