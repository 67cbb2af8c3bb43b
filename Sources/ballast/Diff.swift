import ArgumentParser
import BallastController
import BallastModel
import BallastPlan
import Foundation

/// Options of the commands that preview a plan.
struct PlanOptions: ParsableArguments {
    @OptionGroup var desiredOptions: DesiredOptions

    @Option(name: .long, help: "Only this stage (default: every stage).")
    var stage: String?

    @Option(name: .long, help: "text, json, or markdown (a pull-request comment within GitHub's 65,536 characters).")
    var output: PlanOutputFormat = .text

    @Flag(name: .long, help: "Exit 2 when there are changes or drift, 0 when none, 1 on error.")
    var detailedExitcode = false

    @Option(name: .long, help: "Allow replacing or deleting this database (repeatable).")
    var allowReplace: [String] = []

    @Flag(
        name: .long,
        help:
            "Allow a plan that deletes more than half of a stage's resources, or all of one kind (prune: true allows it too)."
    )
    var allowDelete = false
}

/// How a plan is printed.
enum PlanOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
}

/// `ballast diff`: what would change, per stage, stack, resource, property, rollout and alarm.
struct Diff: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what would change in AWS, touching nothing.")

    @OptionGroup var options: PlanOptions

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        try await PlanPreview(options: options, showActions: false).run()
    }
}

/// Computes and prints the plan of the selected stages.
struct PlanPreview {
    /// Refuses `--allow-replace` names that name no database before anything is sent: a name
    /// of the desired state needs no AWS; any other is looked for in the stages' plans (reads
    /// only), where a database being deleted shows.
    static func checkAllowReplace(
        _ names: [String], state: DesiredState, stages: [Stage], planner: Planner
    ) async throws {
        guard !ReplaceAllowance.undeclared(names, in: state).isEmpty else { return }
        let plans = try await plans(of: stages) { stage in try await planner.plan(state, stage: stage).plan }
        if let refusal = ReplaceAllowance.refusal(names, state: state, plans: plans) {
            throw CommandFailure(refusal)
        }
    }

    /// The plans of `stages` (read concurrently, ``StageFanOut``), in their order; the first
    /// stage whose plan fails, in that order, fails the command.
    static func plans(of stages: [Stage], _ plan: @escaping @Sendable (Stage) async throws -> StagePlan)
        async throws -> [StagePlan]
    {
        let results = await StageFanOut.map(stages) { stage -> Result<StagePlan, any Error> in
            do {
                return .success(try await plan(stage))
            } catch {
                return .failure(error)
            }
        }
        return try zip(stages, results).map { stage, result in
            do {
                return try result.get()
            } catch {
                throw CommandFailure("stage \(stage.name): \(error)")
            }
        }
    }

    let options: PlanOptions
    let showActions: Bool

    func run() async throws {
        let state = try await DesiredStateCommandSupport.load(options.desiredOptions)
        let stages = try StageSelection.select(options.stage, branch: options.desiredOptions.branch, in: state)
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        let planner = Planner(session: session)
        let (allowReplace, allowDelete) = (Set(options.allowReplace), options.allowDelete)
        let plans = try await Self.plans(of: stages) { stage in
            try await planner.plan(state, stage: stage, allowReplace: allowReplace, allowDelete: allowDelete).plan
        }
        if let refusal = ReplaceAllowance.refusal(options.allowReplace, state: state, plans: plans) {
            throw CommandFailure(refusal)
        }
        switch options.output {
        case .text:
            print(PlanText(colors: Terminal.wantsColor).render(plans))
            if showActions {
                print(PlanActionsText.render(plans))
            }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(PlanDocument(plans)), as: UTF8.self))
        case .markdown:
            print(PlanMarkdown().render(plans))
        }
        if options.detailedExitcode, plans.contains(where: \.differsFromDesired) {
            throw ExitCode(2)
        }
    }
}

/// The ordered actions, as `reconcile --dry-run` lists them.
enum PlanActionsText {
    static func render(_ plans: [StagePlan]) -> String {
        var lines = ["", "Actions, in order:"]
        for plan in plans {
            if plan.actions.isEmpty {
                lines.append("  \(plan.stage): none")
                continue
            }
            for (index, action) in plan.actions.enumerated() {
                lines.append("  \(plan.stage) \(index + 1). \(action.kind.rawValue) \(action.target): \(action.reason)")
            }
            for refusal in plan.refusals {
                lines.append("  \(plan.stage) refused: \(refusal)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Whether to colour output: only on a terminal, and never with `NO_COLOR` set.
enum Terminal {
    static var wantsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
