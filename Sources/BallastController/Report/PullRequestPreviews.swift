import BallastControllerConfig
import BallastGit
import BallastModel
import BallastPlan
import Foundation
import Logging
import ServiceLifecycle

/// Plan previews on pull requests (`github.pullRequests`), as a service of its own beside the
/// reconcile loop: on its interval it lists the open pull requests onto every stage's branch
/// and, for each whose head moved since Ballast's comment, fetches the head, plans the stages
/// deploying the base branch against live AWS (reads only) and keeps one comment on the pull
/// request, found again by its marker, edited in place. A head whose desired state does not
/// validate gets its errors instead of a plan. Pull requests from forks are left alone unless
/// allowed: not fetched, no AWS read, no comment.
///
/// It never slows a reconcile: one pull request at a time, each look cut at its time budget,
/// in its own Git mirror (a folder inside the loop's cache); failures are logged and counted in
/// `ballast_pull_request_previews_total{result="failed"}`, never raised.
public struct PullRequestPreviews: Service, CustomStringConvertible {
    private let config: ControllerConfig
    private let settings: PullRequestPreviewSettings
    private let session: AWSSession
    private let github: GitHubPullRequests
    private let metrics: ControllerMetrics
    private let listening: ListeningSignal?
    private let logger: Logger

    /// Previews for the stages of `config`'s remote, planned through `session`, commented
    /// through `github`; nothing is fetched before `listening` says the server listens.
    public init(
        config: ControllerConfig, session: AWSSession, github: GitHubPullRequests, metrics: ControllerMetrics,
        listening: ListeningSignal? = nil, logger: Logger
    ) {
        self.config = config
        self.settings = config.github?.pullRequests ?? PullRequestPreviewSettings()
        self.session = session
        self.github = github
        self.metrics = metrics
        self.listening = listening
        self.logger = logger
    }

    /// Never the configuration's fields as they are.
    public var description: String { "PullRequestPreviews(interval: \(settings.interval))" }

    /// The folder of the previews' own mirror, inside the loop's cache (a writable volume).
    public static func cache(of config: ControllerConfig) -> String {
        config.git.cache + "/pull-requests"
    }

    public func run() async throws {
        if let listening {
            let listens = await withGracefulShutdownHandler {
                await listening.waitUntilListening()
            } onGracefulShutdown: {
                Task { await listening.releaseWaiters() }
            }
            guard listens else {
                try? await gracefulShutdown()
                return
            }
        }
        let mirror = GitMirror(
            remote: config.git.remote, cache: Self.cache(of: config),
            credentials: ControllerLoop.credentials(config.git))
        let ledger = PreviewLedger()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await lookWithinBudget(mirror: mirror, ledger: ledger)
                try? await Task.sleep(for: settings.interval)
            }
        }
        logger.info("the pull request previews stopped")
    }

    /// One look, cut when it runs past the budget.
    private func lookWithinBudget(mirror: GitMirror, ledger: PreviewLedger) async {
        let budget = settings.budget
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await look(mirror: mirror, ledger: ledger)
                return true
            }
            group.addTask {
                try? await Task.sleep(for: budget)
                return false
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if !finished && !Task.isCancelled {
            metrics.recordPullRequestPreview(result: "overBudget")
            logger.warning(
                "the pull request previews ran past their budget of \(budget); the rest waits for the next look")
        }
    }

    /// Lists the pull requests onto the stages' branches and previews those whose head moved.
    private func look(mirror: GitMirror, ledger: PreviewLedger) async {
        let branch = config.git.branch
        let project: String
        let branches: Set<String>
        do {
            let head = try await mirror.withRepository { repository throws(GitError) in
                try repository.fetch()
                return try repository.resolve(branch: branch)
            }
            let state = try DesiredStateLoader.load(try await mirror.desiredTree(at: head))
            project = state.project
            branches = Set(state.stages.map(\.branch))
        } catch {
            if Task.isCancelled { return }
            metrics.recordPullRequestPreview(result: "failed")
            logger.warning(
                "the pull request previews cannot name the stages", error: error, metadata: ["branch": "\(branch)"])
            return
        }
        var pulls: [PullRequest] = []
        for base in branches.sorted() {
            do {
                pulls += try await github.openPullRequests(base: base)
            } catch {
                if Task.isCancelled { return }
                metrics.recordPullRequestPreview(result: "failed")
                logger.warning("the open pull requests were not listed", error: error, metadata: ["base": "\(base)"])
            }
        }
        let selection = PreviewSelection.choose(
            pulls, branches: branches, commented: await ledger.heads, allowForks: settings.forks)
        for fork in selection.forks {
            guard await ledger.noteFork(fork) else { continue }
            metrics.recordPullRequestPreview(result: "fork")
            logger.info(
                "pull request #\(fork.number) comes from another repository; not previewed (github.pullRequests.forks is off)",
                metadata: ["pullRequest": "\(fork.number)"])
        }
        for pull in selection.preview {
            if Task.isCancelled { return }
            do {
                try await preview(pull, project: project, mirror: mirror, ledger: ledger)
            } catch {
                if Task.isCancelled { return }
                metrics.recordPullRequestPreview(result: "failed")
                logger.warning(
                    "pull request #\(pull.number) was not previewed; tried again on the next look", error: error,
                    metadata: ["pullRequest": "\(pull.number)", "commit": "\(pull.headSHA)"])
            }
        }
    }

    /// Plans `pull`'s head (or finds the desired state's errors) and writes the comment.
    private func preview(_ pull: PullRequest, project: String, mirror: GitMirror, ledger: PreviewLedger)
        async throws
    {
        let comments = try await github.comments(on: pull.number)
        let own = comments.first { PreviewComment.isOwn($0.body, project: project) }
        if let own, PreviewComment.head(in: own.body, project: project) == pull.headSHA {
            // Commented at this head before (by an earlier run of the controller).
            await ledger.commented(pull.number, at: pull.headSHA)
            return
        }
        let number = pull.number
        let head = try await mirror.withRepository { repository throws(GitError) in
            try repository.fetchPullRequest(number)
        }
        guard head.hex == pull.headSHA else {
            throw GitError.objectNotFound(
                id: pull.headSHA,
                message: "refs/pull/\(number)/head is at \(head.short), GitHub lists \(pull.headSHA.prefix(12))")
        }
        let body = try await comment(on: pull, head: head, project: project, mirror: mirror)
        if let own {
            try await github.updateComment(own.id, body: body)
            metrics.recordPullRequestPreview(result: "updated")
        } else {
            try await github.createComment(on: pull.number, body: body)
            metrics.recordPullRequestPreview(result: "created")
        }
        await ledger.commented(pull.number, at: pull.headSHA)
        logger.info(
            "pull request #\(pull.number) previewed at \(head.short)",
            metadata: ["pullRequest": "\(pull.number)", "commit": "\(head.hex)", "base": "\(pull.baseBranch)"])
    }

    /// The comment's text: the plans of the stages deploying the base branch, or the errors.
    private func comment(on pull: PullRequest, head: CommitID, project: String, mirror: GitMirror) async throws
        -> String
    {
        let state: DesiredState
        do {
            state = try DesiredStateLoader.load(try await mirror.desiredTree(at: head))
        } catch let errors as DesiredStateErrors {
            if errors.isCancellation { throw CancellationError() }
            return PreviewComment.invalid(
                errors.errors.map { $0.located(under: "desired") }, project: project, head: head.hex)
        } catch let error as GitError {
            guard case .desiredFolderMissing = error else { throw error }
            return PreviewComment.invalid(["\(error)"], project: project, head: head.hex)
        }
        var plans: [StagePlan] = []
        // Reads only: the planner never changes AWS.
        for stage in state.stages where stage.branch == pull.baseBranch {
            plans.append(try await Planner(session: session).plan(state, stage: stage).plan)
        }
        return PreviewComment.plan(plans, project: project, head: head.hex, base: pull.baseBranch)
    }
}
