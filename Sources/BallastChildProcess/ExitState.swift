import Foundation

/// A child's exit status once its reaper thread has seen it, and whoever waits for it: threads
/// (a condition) and tasks (continuations).
final class ExitState: @unchecked Sendable {
    private let condition = NSCondition()
    private var status: Int32?
    private var continuations: [CheckedContinuation<Int32, Never>] = []

    /// The exit status, or nil while the child runs.
    var current: Int32? {
        condition.lock()
        defer { condition.unlock() }
        return status
    }

    /// Records the exit and wakes every waiter.
    func finish(_ status: Int32) {
        condition.lock()
        self.status = status
        let waiting = continuations
        continuations = []
        condition.broadcast()
        condition.unlock()
        for continuation in waiting { continuation.resume(returning: status) }
    }

    /// Blocks this thread until the exit or `deadline`; the status, or nil at the deadline.
    func wait(until deadline: Date?) -> Int32? {
        condition.lock()
        defer { condition.unlock() }
        while status == nil {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        return status
    }

    /// Suspends the task until the exit, without blocking a thread.
    func exit() async -> Int32 {
        await withCheckedContinuation { continuation in
            condition.lock()
            if let status {
                condition.unlock()
                continuation.resume(returning: status)
            } else {
                continuations.append(continuation)
                condition.unlock()
            }
        }
    }
}
