import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process a test or benchmark starts and stops by its own pid: started with
/// `posix_spawn` (an empty signal mask, default dispositions, so SIGTERM reaches it), reaped by
/// a thread of its own that blocks in `waitpid`, stopped with SIGTERM and then SIGKILL.
///
/// Waiting comes in two kinds: the blocking `waitForExit` for synchronous callers, and the
/// suspending `exit()`, `exit(timeout:)` and `stop(grace:)`, which never block a thread of
/// Swift's cooperative pool. Foundation's `Process` is not used: it hands its blocked signal
/// mask to children, and its `waitUntilExit` can hang while another child runs.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// What was started (for messages).
    public let executable: String
    private let pipe: Int32?
    private let state = ExitState()

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`; `environment`
    /// nil passes this process's own, `directory` nil keeps the working directory.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, input: Redirection = .null, output: Redirection = .null,
        error: Redirection = .null
    ) throws {
        let started = try Spawn.start(
            executable, arguments, environment: environment, directory: directory, input: input, output: output,
            error: error)
        self.executable = executable
        pid = started.pid
        pipe = started.pipe
        let pid = started.pid
        let state = state
        let reaper = Thread { state.finish(Spawn.wait(pid)) }
        reaper.name = "reaper \(pid)"
        reaper.start()
    }

    deinit {
        if state.current == nil {
            deliver(SIGKILL, to: pid)
            _ = state.wait(until: nil)
        }
        if let pipe { close(pipe) }
    }

    /// Whether it still runs.
    public var isRunning: Bool { state.current == nil }

    /// Its exit status (128 + the signal when a signal ended it), or nil while it runs.
    public var exitStatus: Int32? { state.current }

    /// Sends `signal` unless it has already exited (its pid may then belong to another process).
    public func send(_ signal: Int32) {
        guard state.current == nil else { return }
        deliver(signal, to: pid)
    }

    /// Blocks this thread until it exits; its exit status.
    @discardableResult
    public func waitForExit() -> Int32 {
        state.wait(until: nil) ?? -1
    }

    /// Blocks this thread up to `timeout` seconds for it to exit; its exit status, or nil if it
    /// still runs.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        state.wait(until: Date().addingTimeInterval(timeout))
    }

    /// Sends SIGTERM, waits up to `grace` seconds, then sends SIGKILL; blocks this thread until
    /// it has exited and returns the exit status (143 after SIGTERM, 137 after SIGKILL, unless
    /// the child chose another).
    @discardableResult
    public func terminate(grace: TimeInterval = 5) -> Int32 {
        send(SIGTERM)
        if let status = waitForExit(timeout: grace) { return status }
        send(SIGKILL)
        return waitForExit()
    }

    /// Sends SIGTERM and returns at once; a thread of its own sends SIGKILL if the child still
    /// runs `grace` seconds later, and holds this value until the child has exited (so that
    /// releasing it meanwhile does not kill the child early).
    public func terminateInBackground(grace: TimeInterval = 5) {
        guard isRunning else { return }
        send(SIGTERM)
        Thread { [self] in
            if waitForExit(timeout: grace) == nil {
                send(SIGKILL)
                waitForExit()
            }
        }.start()
    }

    /// Kills it with SIGKILL (no handler runs, nothing is flushed) and waits for the exit.
    @discardableResult
    public func kill() -> Int32 {
        send(SIGKILL)
        return waitForExit()
    }

    /// Suspends until it exits; its exit status.
    @discardableResult
    public func exit() async -> Int32 {
        await state.exit()
    }

    /// Suspends up to `timeout` seconds for it to exit; its exit status, or nil if it still runs.
    public func exit(timeout: TimeInterval) async -> Int32? {
        if let status = state.current { return status }
        let state = state
        return await DedicatedThread.run { state.wait(until: Date().addingTimeInterval(timeout)) }
    }

    /// `terminate(grace:)` without blocking a thread: SIGTERM, up to `grace` seconds, SIGKILL.
    @discardableResult
    public func stop(grace: TimeInterval = 5) async -> Int32 {
        send(SIGTERM)
        if let status = await exit(timeout: grace) { return status }
        send(SIGKILL)
        return await exit()
    }

    /// Blocks this thread until the child prints its first line to its output pipe (it must have
    /// been started with `output: .pipe`), it closes the pipe, or `timeout` seconds pass; then
    /// the line among those printed that starts with `prefix`.
    public func waitForReadyLine(prefix: String, timeout: TimeInterval = 300) -> ReadyLine {
        ReadyLine.receive(from: pipe ?? -1, prefix: prefix, deadline: Date().addingTimeInterval(timeout))
    }

    /// `waitForReadyLine(prefix:timeout:)` on a thread of its own, so the task only suspends.
    public func readyLine(prefix: String, timeout: TimeInterval = 300) async -> ReadyLine {
        let pipe = pipe ?? -1
        let deadline = Date().addingTimeInterval(timeout)
        return await DedicatedThread.run { ReadyLine.receive(from: pipe, prefix: prefix, deadline: deadline) }
    }
}

/// `kill(2)`, which the class's own `kill()` hides inside it.
private func deliver(_ signal: Int32, to pid: pid_t) {
    kill(pid, signal)
}
