/// Which open pull requests a look previews: those whose base is a stage's branch, not from a
/// fork unless forks are allowed, and whose head moved since Ballast last commented.
public struct PreviewSelection: Sendable, Hashable {
    /// To preview now (fetch, read AWS, comment).
    public var preview: [PullRequest] = []
    /// From forks, left alone: not fetched, no AWS read, no comment.
    public var forks: [PullRequest] = []
    /// Already commented at their current head.
    public var current: [PullRequest] = []

    /// The selection among `pulls`: `branches` are the stages' branches, `commented` the head
    /// each pull request was last commented at (by number), `allowForks` from the settings.
    public static func choose(
        _ pulls: [PullRequest], branches: Set<String>, commented: [Int: String], allowForks: Bool
    ) -> PreviewSelection {
        var selection = PreviewSelection()
        var seen = Set<Int>()
        for pull in pulls where branches.contains(pull.baseBranch) && seen.insert(pull.number).inserted {
            if pull.isFork && !allowForks {
                selection.forks.append(pull)
            } else if commented[pull.number] == pull.headSHA {
                selection.current.append(pull)
            } else {
                selection.preview.append(pull)
            }
        }
        return selection
    }
}
