/// Branches pushed since the loop last looked: the webhook side adds, the loop takes, and the
/// loop's sleep ends at once when a push arrives (no polling).
actor Wakeups {
    private var branches: Set<String> = []
    private var waiter: CheckedContinuation<Void, Never>?

    /// Records a push to `branch` and wakes the loop if it waits.
    func push(_ branch: String) {
        branches.insert(branch)
        resumeWaiter()
    }

    /// The branches pushed since the last call, emptied.
    func take() -> Set<String> {
        defer { branches = [] }
        return branches
    }

    /// Returns once a push waits, or when the calling task is cancelled. One waiter at a time
    /// (the loop).
    func waitForPush() async {
        await withTaskCancellationHandler {
            guard branches.isEmpty, !Task.isCancelled else { return }
            await withCheckedContinuation { continuation in
                resumeWaiter()
                waiter = continuation
            }
        } onCancel: {
            // Runs on the actor after the continuation above was stored (the actor is busy
            // until the wait suspends), or finds none when the wait had not begun.
            Task { await self.resumeWaiter() }
        }
    }

    private func resumeWaiter() {
        waiter?.resume()
        waiter = nil
    }
}
