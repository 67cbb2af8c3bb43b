import ArgumentParser
import BallastController
import Foundation
import Logging

/// `ballast reconcile`: one pass — deploy stacks, start or advance rollouts; `--wait` until
/// rollouts end; `--dry-run` shows the plan and its ordered actions, touching nothing.
struct Reconcile: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Make AWS match the desired state (with --dry-run: show the plan, touching nothing).",
        discussion:
            "Exit codes: 0 done, 1 error or refused, 2 changes pending (--dry-run --detailed-exitcode), 3 a rollout was rolled back."
    )

    @OptionGroup var options: PlanOptions

    @Flag(name: .long, help: "Show the plan and the ordered actions; send no mutating call.")
    var dryRun = false

    @Flag(name: .long, help: "Wait until every rollout has ended.")
    var wait = false

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        if dryRun {
            try await PlanPreview(options: options, showActions: true).run()
            return
        }
        let (state, commit) = try await DesiredStateCommandSupport.loadWithSource(options.desiredOptions)
        let stages = try StageSelection.select(options.stage, branch: options.desiredOptions.branch, in: state)
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        try await PlanPreview.checkAllowReplace(
            options.allowReplace, state: state, stages: stages, planner: Planner(session: session))
        let logger = Logger(label: "ballast")
        let reconciler = Reconciler(session: session, log: logger)
        // Stages are independent (StageFanOut): a failure in one is reported while the others go on.
        let allowReplace = Set(options.allowReplace)
        let allowDelete = options.allowDelete
        let wait = wait
        let outcomes = await StageFanOut.map(stages) { stage -> (String, Result<Reconciler.Outcome, any Error>) in
            do {
                let outcome = try await reconciler.reconcile(
                    state, stage: stage, allowReplace: allowReplace, allowDelete: allowDelete, commit: commit,
                    wait: wait)
                return (stage.name, .success(outcome))
            } catch {
                return (stage.name, .failure(error))
            }
        }.sorted { $0.0 < $1.0 }
        var failures: [(stage: String, error: any Error)] = []
        var rolledBack: [String] = []
        for (stage, result) in outcomes {
            switch result {
            case .success(let outcome):
                rolledBack += outcome.rolledBack.map { "\(stage)/\($0)" }
                print("stage \(stage): \(outcome.plan.summary.line)")
            case .failure(let error):
                failures.append((stage, error))
            }
        }
        for failure in failures {
            logger.error("\(failure.error)", metadata: ["stage": "\(failure.stage)"])
        }
        if !failures.isEmpty { throw ExitCode(1) }
        if !rolledBack.isEmpty {
            logger.warning(
                "rolled back: \(rolledBack.joined(separator: ", "))",
                metadata: ["functions": .array(rolledBack.map { "\($0)" })])
            throw ExitCode(3)
        }
    }
}
