import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command to its end through `posix_spawnp` and `waitpid`, for the scenarios that time
/// a whole command. Foundation's `Process.waitUntilExit` on Linux polls its run loop every
/// 50 ms, which put a `ballast synth` of 30 ms at 51 ms: the timer, not the command.
enum DirectSpawn {
    /// Runs `command` (looked up on PATH) with `arguments`, standard output to /dev/null and
    /// standard error to `errorsPath` (or /dev/null); returns its exit status (128 + the signal
    /// when a signal ended it).
    static func run(_ command: String, _ arguments: [String], errorsPath: String? = nil) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([command] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, command, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw SpawnFailure("cannot start \(command): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw SpawnFailure("waitpid for \(command): errno \(errno)") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A failure to start or wait for a command.
    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
