import ArgumentParser
import BallastControllerConfig
import BallastGit
import BallastModel
import BallastPlan
import Foundation

/// `ballast approve`: lets a stage with `approval: manual` apply one commit, by recording the
/// approval as a Git note on it (`refs/notes/ballast-approvals`) pushed to the remote.
struct Approve: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a commit for a stage with approval: manual (a Git note on the commit).")

    @Option(name: .long, help: "The Git repository the controller watches.")
    var repo: String

    @Option(name: .long, help: "The stage.")
    var stage: String

    @Option(name: .long, help: "The commit to approve (its full id).")
    var commit: String

    @Option(
        name: .long,
        help: "The digest of the plan approved, as /status (planDigest) and the status page show it.")
    var plan: String

    @Option(
        name: .long,
        help: "The application of the controller's applications: list (default: any watching the repository).")
    var application: String?

    @Option(name: .long, help: "Who approves (default: $BALLAST_APPROVER, then $USER).")
    var by: String?

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        guard let id = CommitID(hex: commit) else {
            throw CommandFailure("--commit must be a full 40-character commit id, found \(commit)")
        }
        guard PlanDigest.isWellFormed(plan) else {
            throw CommandFailure(
                "--plan must be the \(PlanDigest.length) hex digits of the plan's digest, as /status (planDigest) shows it, found \(plan)"
            )
        }
        let environment = ProcessInfo.processInfo.environment
        guard let approver = by ?? environment["BALLAST_APPROVER"] ?? environment["USER"], !approver.isEmpty else {
            throw CommandFailure("say who approves with --by NAME")
        }
        if let application, !ControllerApplication.isValidName(application) {
            throw CommandFailure(
                "--application must be an application's name as the controller config lists it, found \(application)")
        }
        let mirror = try DesiredStateCommandSupport.mirror(of: repo)
        let application = application
        let stage = stage
        let plan = plan
        do {
            try await mirror.withRepository { repository throws(GitError) in
                try repository.fetch()
                guard repository.hasCommit(id) else {
                    throw GitError.invalidConfiguration("the remote has no commit \(id.hex)")
                }
                try repository.approve(
                    id, Approval(stage: stage, approver: approver, time: Date(), plan: plan, application: application))
                try repository.pushNotes(.approvals)
            }
        } catch {
            throw CommandFailure("\(error)")
        }
        let of = application.map { " of application \($0)" } ?? ""
        print("approved \(id.short) for stage \(stage)\(of) as \(approver), plan \(plan)")
    }
}
