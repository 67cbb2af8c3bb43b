/// The tags Ballast puts on every stack it deploys: project, stage and `managed-by: ballast`,
/// which the diff compares, and the commit that was applied, which it does not.
///
/// The commit says which commit last changed a stack. Comparing it would make every commit an
/// update of every stack (and, through tag propagation, of every taggable resource in it), so a
/// stack only carries a new commit when something else about it changes.
public enum StackTags {
    /// The key of the commit tag.
    public static let commitKey = "ballast:commit"

    /// The tags the diff compares: `managed-by`, `project` and `stage`.
    public static func compared(project: String, stage: String) -> [String: String] {
        ["managed-by": "ballast", "project": project, "stage": stage]
    }

    /// The tags a deploy applies: the compared ones and, when known, the commit.
    public static func applied(project: String, stage: String, commit: String?) -> [String: String] {
        var tags = compared(project: project, stage: stage)
        if let commit { tags[commitKey] = commit }
        return tags
    }

    /// The tags of a live stack as the diff sees them: without the commit.
    public static func comparable(_ live: [String: String]) -> [String: String] {
        live.filter { $0.key != commitKey }
    }
}
