/// Why a stack's deploy failed, by what CloudFormation said: each case names the stack and
/// what a human looks at first. Its description is one line, `<stack>: <why>`.
public enum DeployError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The change set was deleted before it ran, `attempts` times in a row (another deploy of
    /// the stack at the same moment took it for a leftover).
    case changeSetVanished(stack: String, changeSet: String, attempts: Int)
    /// The stack is in a state Ballast leaves to people (`UPDATE_ROLLBACK_FAILED`, …):
    /// `blocking` are its first failed resources with their reasons, `remedy` what to run.
    case needsHuman(stack: String, status: String, blocking: [String], remedy: String?)
    /// CloudFormation could not compute the change set.
    case changeSetFailed(stack: String, reason: String)
    /// The change set was still being computed when its bound passed.
    case changeSetTimedOut(stack: String, changeSet: String, status: String, bound: Duration)
    /// The stack's operation ended in `status`, not a success: `firstFailure` is its first failed
    /// resource (`LogicalId (Type): reason`), `remedy` what to run when one is known.
    case operationFailed(stack: String, status: String, firstFailure: String?, remedy: String?)
    /// The stack was still `status` when its bound passed; `inProgress` are its resources still
    /// in progress (`LogicalId (Type) STATUS`).
    case timedOut(stack: String, status: String, bound: Duration, inProgress: [String])

    /// The stack the deploy was of.
    public var stack: String {
        switch self {
        case .changeSetVanished(let stack, _, _), .needsHuman(let stack, _, _, _), .changeSetFailed(let stack, _),
            .changeSetTimedOut(let stack, _, _, _), .operationFailed(let stack, _, _, _), .timedOut(let stack, _, _, _):
            stack
        }
    }

    /// What went wrong, without the stack's name.
    public var reason: String {
        switch self {
        case .changeSetVanished(_, let changeSet, let attempts):
            "change set \(changeSet) was deleted before it ran, \(attempts) times in a row: is another deploy of this stack running?"
        case .needsHuman(_, let status, let blocking, let remedy):
            "is \(status) and needs a human; Ballast does not touch it (blocking: \(blocking.joined(separator: "; ")))"
                + (remedy.map { "; \($0)" } ?? "")
        case .changeSetFailed(_, let reason):
            "change set failed: \(reason)"
        case .changeSetTimedOut(_, let changeSet, let status, let bound):
            "change set \(changeSet) still \(status) after \(bound)"
        case .operationFailed(_, let status, let firstFailure, let remedy):
            "ended \(status); first failure: \(firstFailure ?? "none reported")" + (remedy.map { "; \($0)" } ?? "")
        case .timedOut(_, let status, let bound, let inProgress):
            "still \(status) after \(bound), the bound for this stack; still in progress: "
                + (inProgress.isEmpty ? "no resource reported" : inProgress.joined(separator: ", "))
        }
    }

    public var description: String { "\(stack): \(reason)" }
}
