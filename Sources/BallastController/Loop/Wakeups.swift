/// Branches pushed since the loop last looked: the webhook side adds, the loop takes.
actor Wakeups {
    private var branches: Set<String> = []

    /// Records a push to `branch`.
    func push(_ branch: String) {
        branches.insert(branch)
    }

    /// Whether a push waits.
    var isEmpty: Bool { branches.isEmpty }

    /// The branches pushed since the last call, emptied.
    func take() -> Set<String> {
        defer { branches = [] }
        return branches
    }
}
