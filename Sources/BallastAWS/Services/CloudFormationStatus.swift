/// Where a stack is in its life: `CREATE_COMPLETE`, `UPDATE_ROLLBACK_FAILED`, … A value AWS adds
/// later is kept as written.
public struct StackStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A status from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Created; the only state `CreateStack` succeeds into.
    public static let createComplete = StackStatus(rawValue: "CREATE_COMPLETE")
    /// Being created.
    public static let createInProgress = StackStatus(rawValue: "CREATE_IN_PROGRESS")
    /// Creation failed and rolled back: the stack holds nothing and can only be deleted.
    public static let rollbackComplete = StackStatus(rawValue: "ROLLBACK_COMPLETE")
    /// Updated.
    public static let updateComplete = StackStatus(rawValue: "UPDATE_COMPLETE")
    /// Being updated.
    public static let updateInProgress = StackStatus(rawValue: "UPDATE_IN_PROGRESS")
    /// An update failed and was rolled back to the previous template.
    public static let updateRollbackComplete = StackStatus(rawValue: "UPDATE_ROLLBACK_COMPLETE")
    /// An update's rollback failed: it needs `ContinueUpdateRollback` before anything else.
    public static let updateRollbackFailed = StackStatus(rawValue: "UPDATE_ROLLBACK_FAILED")
    /// Being deleted.
    public static let deleteInProgress = StackStatus(rawValue: "DELETE_IN_PROGRESS")
    /// Deleted (seen only when the stack is named by its id).
    public static let deleteComplete = StackStatus(rawValue: "DELETE_COMPLETE")
    /// Deletion failed; some resources remain.
    public static let deleteFailed = StackStatus(rawValue: "DELETE_FAILED")
    /// Made by a `CREATE` change set that has not been executed yet.
    public static let reviewInProgress = StackStatus(rawValue: "REVIEW_IN_PROGRESS")

    /// Whether an operation is still running (`…_IN_PROGRESS`): the stack cannot take another.
    public var isInProgress: Bool { rawValue.hasSuffix("_IN_PROGRESS") }

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// Where one resource of a stack is: `CREATE_COMPLETE`, `UPDATE_FAILED`, … A value AWS adds
/// later is kept as written.
public struct ResourceStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A status from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Created.
    public static let createComplete = ResourceStatus(rawValue: "CREATE_COMPLETE")
    /// Creation failed.
    public static let createFailed = ResourceStatus(rawValue: "CREATE_FAILED")
    /// Updated.
    public static let updateComplete = ResourceStatus(rawValue: "UPDATE_COMPLETE")
    /// The update failed.
    public static let updateFailed = ResourceStatus(rawValue: "UPDATE_FAILED")
    /// Deleted.
    public static let deleteComplete = ResourceStatus(rawValue: "DELETE_COMPLETE")
    /// Deletion failed.
    public static let deleteFailed = ResourceStatus(rawValue: "DELETE_FAILED")

    /// Whether the step failed (`…_FAILED`): the event's reason says why.
    public var isFailure: Bool { rawValue.hasSuffix("_FAILED") }

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// Whether a change set could be computed: `CREATE_PENDING`, `CREATE_IN_PROGRESS`,
/// `CREATE_COMPLETE`, `FAILED` (its reason says why, e.g. nothing to change), `DELETE_…`.
public struct ChangeSetStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A status from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Queued.
    public static let createPending = ChangeSetStatus(rawValue: "CREATE_PENDING")
    /// Being computed.
    public static let createInProgress = ChangeSetStatus(rawValue: "CREATE_IN_PROGRESS")
    /// Computed; its changes can be read and it can be executed.
    public static let createComplete = ChangeSetStatus(rawValue: "CREATE_COMPLETE")
    /// Could not be computed, or has nothing to change; see the status reason.
    public static let failed = ChangeSetStatus(rawValue: "FAILED")

    /// Whether it is still being computed: read it again later.
    public var isPending: Bool { self == .createPending || self == .createInProgress }

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// Whether a change set can be executed: `AVAILABLE`, `UNAVAILABLE`, `EXECUTE_IN_PROGRESS`,
/// `EXECUTE_COMPLETE`, `EXECUTE_FAILED`, `OBSOLETE`.
public struct ChangeSetExecutionStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A status from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Ready to execute.
    public static let available = ChangeSetExecutionStatus(rawValue: "AVAILABLE")
    /// Not executable (still being computed, or failed).
    public static let unavailable = ChangeSetExecutionStatus(rawValue: "UNAVAILABLE")
    /// Being executed.
    public static let executeInProgress = ChangeSetExecutionStatus(rawValue: "EXECUTE_IN_PROGRESS")
    /// Executed.
    public static let executeComplete = ChangeSetExecutionStatus(rawValue: "EXECUTE_COMPLETE")
    /// Execution failed.
    public static let executeFailed = ChangeSetExecutionStatus(rawValue: "EXECUTE_FAILED")
    /// Made stale by a later stack update.
    public static let obsolete = ChangeSetExecutionStatus(rawValue: "OBSOLETE")

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// What a change set does to a resource: `Add`, `Modify`, `Remove`, `Import`, `Dynamic`.
public struct ChangeAction: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// An action from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The resource is created.
    public static let add = ChangeAction(rawValue: "Add")
    /// The resource is updated (in place or by replacement; see `ResourceChange.replacement`).
    public static let modify = ChangeAction(rawValue: "Modify")
    /// The resource is deleted.
    public static let remove = ChangeAction(rawValue: "Remove")
    /// An existing resource is brought into the stack.
    public static let `import` = ChangeAction(rawValue: "Import")
    /// Decided only when the change set runs (nested stacks, dynamic references).
    public static let dynamic = ChangeAction(rawValue: "Dynamic")

    /// The value as AWS writes it.
    public var description: String { rawValue }
}

/// Whether a modified resource is replaced: `True`, `False`, `Conditional` (depends on a value
/// known only at execution).
public struct ChangeReplacement: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A value from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The resource gets a new physical id.
    public static let `true` = ChangeReplacement(rawValue: "True")
    /// Updated in place.
    public static let `false` = ChangeReplacement(rawValue: "False")
    /// Replaced or not depending on a value known only when the change set runs.
    public static let conditional = ChangeReplacement(rawValue: "Conditional")

    /// The value as AWS writes it.
    public var description: String { rawValue }
}
