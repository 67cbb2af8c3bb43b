import ArgumentParser
import BallastController
import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Logging

/// What `ballast promote` and `ballast abort` share: which handler, in which stage, and who
/// asks (recorded in the rollout's reason).
struct InterventionOptions: ParsableArguments {
    @OptionGroup var desiredOptions: DesiredOptions

    @Argument(help: "The handler (its name in functions/, e.g. orders).")
    var function: String

    @Option(name: .long, help: "The stage whose rollout to end.")
    var stage: String

    @Option(name: .long, help: "Who ends the rollout, for the record (default: $USER).")
    var by: String?

    /// Ends the handler's rollout in the stage, printing one line; refusals exit 1.
    func run(_ make: (String) -> RolloutIntervention) async throws {
        let state = try await DesiredStateCommandSupport.load(desiredOptions)
        guard let stage = try StageSelection.select(stage, in: state).first else { return }
        let functions = state.functions(in: stage).map(\.name).sorted()
        guard functions.contains(function) else {
            throw CommandFailure(
                "unknown function '\(function)' in stage \(stage.name); functions: \(functions.joined(separator: ", "))"
            )
        }
        let who = by ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "ballast CLI"
        let intervention = make(who)
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        let clients = try session.clients(region: stage.region)
        var logger = Logger(label: "ballast")
        logger[metadataKey: "application"] = "\(state.project)"
        logger[metadataKey: "stage"] = "\(stage.name)"
        let driver = RolloutDriver(lambda: clients.lambda, cloudWatch: clients.cloudWatch, log: logger)
        let functionName = Naming(project: state.project, stage: stage.name).functionName(function)
        do {
            let record = try await driver.intervene(intervention, functionName: functionName)
            print(
                "\(functionName): rollout \(record.from) → \(record.to) \(intervention.verb); all traffic on version \(intervention.target(of: record))"
            )
        } catch let refusal as RolloutIntervention.Refusal {
            throw CommandFailure(refusal.description)
        }
    }
}

/// `ballast promote FUNCTION --stage S`: all traffic to the new version now.
struct Promote: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Finish a rollout now: all traffic to the new version.",
        discussion: "Exit codes: 0 promoted, 1 error (no rollout in progress, unknown function or stage).")

    @OptionGroup var options: InterventionOptions

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        try await options.run { RolloutIntervention.promote(by: $0) }
    }
}

/// `ballast abort FUNCTION --stage S`: all traffic back to the old version now; the new one is
/// not tried again until the desired state changes.
struct Abort: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort",
        abstract: "Roll a rollout back now: all traffic to the old version.",
        discussion:
            "The aborted image and configuration are not rolled out again until the desired state changes. Exit codes: 0 aborted, 1 error (no rollout in progress, unknown function or stage)."
    )

    @OptionGroup var options: InterventionOptions

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        try await options.run { RolloutIntervention.abort(by: $0) }
    }
}
