import BallastGit
import BallastModel
import Logging

/// The stages the loop drives, as `desired/ballast.yaml` on the configured branch names them,
/// and the commit they were read at. Read again only when the branch moves, so polling an
/// unchanged remote reads no tree.
///
/// When the branch's newest commit holds a desired state with errors, the stages stay those of
/// the last commit that was valid (remembered, or found going back along the branch's first
/// parents): an invalid commit fails the stages that deploy it, in their own passes, and every
/// stage whose own branch holds a readable state goes on reconciling.
struct StageList: Sendable {
    /// How many commits back along the branch a valid `ballast.yaml` is looked for when none is
    /// remembered (a controller started on an invalid commit).
    static let historyDepth = 50

    /// The configured branch's newest commit when the list was last read.
    var head: CommitID?
    /// The stages.
    var stages: [Stage] = []
    /// The commit the stages were read from: `head` when it was valid, an older one otherwise.
    var source: CommitID?
    /// Why `head` cannot name the stages, nil when it can: shown in `/status` (the only place it
    /// shows when no earlier commit names them either, and so no stage exists to fail).
    var problem: String?

    /// The list for the branch at `head`: read from `head` when the branch moved since `self`
    /// was read, this list otherwise.
    func reading(head: CommitID, branch: String, folder: String, mirror: GitMirror, logger: Logger) async
        -> StageList
    {
        guard head != self.head else { return self }
        let problem: String
        do {
            let state = try DesiredStateLoader.load(try await mirror.desiredTree(at: head, folder: folder))
            return StageList(head: head, stages: state.stages, source: head)
        } catch let errors as DesiredStateErrors {
            let count = errors.errors.count
            problem =
                "\(count) error\(count == 1 ? "" : "s") in \(folder)/, the first: "
                + (errors.errors.first?.located(under: folder) ?? "?")
        } catch {
            problem = "\(error)"
        }
        var fallback = StageList(head: head, stages: stages, source: source)
        if stages.isEmpty, let (commit, older) = await lastValidStages(before: head, folder: folder, mirror: mirror) {
            fallback.stages = older
            fallback.source = commit
        }
        if let source = fallback.source {
            let names = fallback.stages.map(\.name).joined(separator: ", ")
            fallback.problem =
                "\(branch) at \(head.short) cannot name the stages (\(problem)); driving the stages of \(source.short) (\(names)): those deploying \(branch) fail, the others go on"
        } else {
            fallback.problem =
                "\(branch) at \(head.short) cannot name the stages (\(problem)); no earlier commit of \(branch) names them either, so no stage is reconciled"
        }
        var metadata: Logger.Metadata = ["branch": "\(branch)", "commit": "\(head.hex)"]
        if let source = fallback.source { metadata["stagesFrom"] = "\(source.hex)" }
        logger.error("\(fallback.problem ?? problem)", metadata: metadata)
        return fallback
    }

    /// The newest first-parent ancestor of `head` (at most ``historyDepth`` back) whose desired
    /// state is valid, and its stages.
    private func lastValidStages(before head: CommitID, folder: String, mirror: GitMirror) async -> (CommitID, [Stage])?
    {
        var commit = head
        for _ in 0..<Self.historyDepth {
            let current = commit
            guard
                let parent = try? await mirror.withRepository({ repository throws(GitError) in
                    try repository.info(of: current).parents.first
                })
            else { return nil }
            commit = parent
            if let tree = try? await mirror.desiredTree(at: commit, folder: folder),
                let state = try? DesiredStateLoader.load(tree)
            {
                return (commit, state.stages)
            }
        }
        return nil
    }
}
