import BallastChildProcess
import Foundation

/// Runs a command to its end through `posix_spawn` and `waitpid` on this thread
/// (`ChildProcess.run`), for the scenarios that time a whole command. Foundation's
/// `Process.waitUntilExit` on Linux polls its run loop every 50 ms, which put a `ballast synth`
/// of 30 ms at 51 ms: the timer, not the command.
enum DirectSpawn {
    /// Runs `command` (looked up on PATH) with `arguments`, standard output to /dev/null and
    /// standard error to `errorsPath` (or /dev/null); returns its exit status (128 + the signal
    /// when a signal ended it).
    static func run(_ command: String, _ arguments: [String], errorsPath: String? = nil) throws -> Int32 {
        try ChildProcess.run(command, arguments, error: errorsPath.map { .file($0) } ?? .null)
    }
}
