/// The comment Ballast keeps on a pull request: a hidden marker that names the project and the
/// head commit it was written for (so the controller finds its own comment again, after a
/// restart too, and knows whether the head moved since), then the plan, or the errors that kept
/// the desired state from being planned. Within GitHub's comment limit.
public enum PreviewComment {
    /// The marker's opening, for `project`: the same whatever the head.
    public static func markerPrefix(project: String) -> String {
        "<!-- ballast:plan \(project) "
    }

    /// The first line of the comment for `project` at `head`.
    public static func marker(project: String, head: String) -> String {
        markerPrefix(project: project) + "head=\(head) -->"
    }

    /// Whether `body` is the comment Ballast keeps for `project`.
    public static func isOwn(_ body: String, project: String) -> Bool {
        body.hasPrefix(markerPrefix(project: project))
    }

    /// The head commit `body` (Ballast's own comment for `project`) was written for, nil for
    /// any other comment.
    public static func head(in body: String, project: String) -> String? {
        guard isOwn(body, project: project) else { return nil }
        let rest = body.dropFirst(markerPrefix(project: project).count)
        guard rest.hasPrefix("head="), let end = rest.firstIndex(of: " ") else { return nil }
        let head = rest[rest.index(rest.startIndex, offsetBy: 5)..<end]
        guard !head.isEmpty, head.allSatisfy(\.isHexDigit) else { return nil }
        return String(head)
    }

    /// The comment with the plans of `head`'s stages on the pull request's base branch.
    public static func plan(
        _ plans: [StagePlan], project: String, head: String, base: String,
        limit: Int = PlanMarkdown.gitHubCommentLimit
    ) -> String {
        let header =
            marker(project: project, head: head) + "\n"
            + "Plan of \(commit(head)) against live AWS, for the stage\(plans.count == 1 ? "" : "s") deploying "
            + "\(MarkdownText.escape(base)): what merging this pull request would change.\n\n"
        guard !plans.isEmpty else {
            return header + "No stage of the desired state at \(commit(head)) deploys \(MarkdownText.escape(base)).\n"
        }
        return header + PlanMarkdown(limit: max(0, limit - header.utf8.count)).render(plans)
    }

    /// The comment for a head whose desired state does not validate: every error with its file
    /// and line (`errors`, as `ballast validate` prints them), escaped, within `limit`.
    public static func invalid(
        _ errors: [String], project: String, head: String, limit: Int = PlanMarkdown.gitHubCommentLimit
    ) -> String {
        var text =
            marker(project: project, head: head) + "\n"
            + "**Ballast: the desired state at \(commit(head)) does not validate**, so nothing was planned "
            + "(\(errors.count) error\(errors.count == 1 ? "" : "s")):\n\n"
        let note = "\n_… more errors cut; run `ballast validate` for all of them._\n"
        for (index, error) in errors.enumerated() {
            let line = "- \(MarkdownText.escape(error))\n"
            let room = index == errors.count - 1 ? limit : limit - note.utf8.count
            guard text.utf8.count + line.utf8.count <= room else { return text + note }
            text += line
        }
        return text
    }

    /// A commit as the comment names it: its first 12 characters in a code span.
    static func commit(_ head: String) -> String {
        "`\(head.prefix(12).filter(\.isHexDigit))`"
    }
}
