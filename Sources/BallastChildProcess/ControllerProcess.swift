import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ballast run` (or another long-running command, `reconcile --wait`) as a child process: its
/// standard output and error go to a log file the caller reads; stopped with SIGTERM (its exit
/// status is the caller's to check), killed with SIGKILL, or killed when released.
public final class ControllerProcess: Sendable {
    /// Where it logs.
    public let log: URL
    /// The process.
    public let process: ChildProcess

    /// Starts `executable command arguments…` with `environment`, logging to `log` (emptied first).
    public init(
        executable: String, command: String = "run", arguments: [String], environment: [String: String], log: URL
    )
        throws
    {
        self.log = log
        process = try ChildProcess(
            executable, [command] + arguments, environment: environment, output: .file(log.path),
            error: .standardOutput)
    }

    /// Its process id.
    public var pid: pid_t { process.pid }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// Everything it logged so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port it listens on, once it says so; blocks this thread (polling the log every 50 ms)
    /// for up to `timeout` seconds, and fails at once if it exits first.
    public func port(timeout: TimeInterval = 60) throws -> Int {
        var found: Int?
        try Eventually.wait(timeout: timeout, every: 0.05, "the controller to listen; log:\n\(output)") {
            found = listeningPort()
            if found == nil, !process.isRunning { throw exited("before it listened") }
            return found != nil
        }
        return found ?? 0
    }

    /// `port(timeout:)`, suspending between polls.
    public func listeningPort(timeout: TimeInterval) async throws -> Int {
        var found: Int?
        try await eventually(timeout: timeout, every: 0.05, "the controller to listen; log:\n\(output)") {
            found = listeningPort()
            if found == nil, !process.isRunning { throw exited("before it listened") }
            return found != nil
        }
        return found ?? 0
    }

    /// Waits up to `timeout` for it to exit on its own; its exit status, or nil if it still runs.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        process.waitForExit(timeout: timeout)
    }

    /// Kills it with SIGKILL (nothing runs after: no handler, no flush) and waits for the exit.
    public func killNow() {
        process.kill()
    }

    /// Sends SIGTERM and waits for the exit; the exit status, or nil if it did not exit within
    /// `timeout` (it is then killed when released).
    public func terminate(timeout: TimeInterval = 30) -> Int32? {
        process.send(SIGTERM)
        return process.waitForExit(timeout: timeout)
    }

    /// `terminate(timeout:)`, suspending while it waits.
    public func stop(timeout: TimeInterval = 30) async -> Int32? {
        process.send(SIGTERM)
        return await process.exit(timeout: timeout)
    }

    private func listeningPort() -> Int? {
        let output = output
        guard let range = output.range(of: "listening on http://127.0.0.1:") else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }

    private func exited(_ when: String) -> ProcessFailure {
        ProcessFailure(
            description: "the controller exited (\(process.exitStatus ?? -1)) \(when); log:\n\(output.suffix(3000))")
    }
}
