/// What a stack's CloudFormation status means for the next deploy, so the applier never
/// fights another deployment and never touches a stack it cannot safely continue.
public enum StackCondition: Sendable, Hashable {
    /// Not in AWS (or deleted): create it.
    case absent
    /// A stable state an update can start from.
    case ready
    /// `REVIEW_IN_PROGRESS`: made by a CREATE change set that was never executed (a deploy
    /// stopped between creating and executing it). It holds no resources and stays so; it is
    /// created by a new CREATE change set, not updated.
    case inReview
    /// Someone (maybe another Ballast) is deploying it: wait for a terminal state.
    case busy
    /// The first create failed and rolled back: the stack holds nothing and can only be
    /// deleted; delete it and create it again.
    case failedCreate
    /// Stuck: CloudFormation needs a human (`UPDATE_ROLLBACK_FAILED`, `DELETE_FAILED`, …).
    /// Reported with the blocking resources, not touched.
    case stuck(String)

    /// The condition of a stack in `status` (nil: the stack does not exist).
    public static func of(status: String?) -> StackCondition {
        guard let status else { return .absent }
        switch status {
        case "DELETE_COMPLETE": return .absent
        case "ROLLBACK_COMPLETE": return .failedCreate
        case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
            "IMPORT_ROLLBACK_COMPLETE":
            return .ready
        case "REVIEW_IN_PROGRESS": return .inReview
        case "CREATE_FAILED", "ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED",
            "IMPORT_ROLLBACK_FAILED":
            return .stuck(status)
        default:
            return status.hasSuffix("_IN_PROGRESS") ? .busy : .stuck(status)
        }
    }

    /// Whether a stack in `status` has reached a state that will not change by itself.
    public static func isTerminal(_ status: String) -> Bool {
        !status.hasSuffix("_IN_PROGRESS") || status == "REVIEW_IN_PROGRESS"
    }

    /// Whether a terminal status after an operation means it succeeded.
    public static func succeeded(_ status: String) -> Bool {
        ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE"].contains(status)
    }
}
