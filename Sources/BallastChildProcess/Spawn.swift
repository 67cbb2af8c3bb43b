import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place a child process is started: `posix_spawn` with an empty signal mask and every
/// signal at its default disposition.
///
/// A thread of Swift's cooperative pool (and Foundation's `Process`) has SIGTERM and SIGINT
/// blocked, and a child inherits the mask: without the reset it would ignore SIGTERM.
enum Spawn {
    /// A started child: its process id and, when its output goes to a pipe, the read end.
    struct Started {
        var pid: pid_t
        var pipe: Int32?
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`, in `directory`
    /// when one is given, with `environment` (nil: this process's).
    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]?, directory: String?,
        input: Redirection, output: Redirection, error: Redirection
    ) throws -> Started {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        pipeLock.lock()
        defer { pipeLock.unlock() }
        var pipeEnds: [Int32] = [-1, -1]
        if case .pipe = output {
            try makePipe(&pipeEnds)
        } else if case .pipe = error {
            try makePipe(&pipeEnds)
        }
        try redirect(&actions, 0, input, pipe: pipeEnds[1], forReading: true)
        try redirect(&actions, 1, output, pipe: pipeEnds[1], forReading: false)
        try redirect(&actions, 2, error, pipe: pipeEnds[1], forReading: false)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `env -C DIR` changes the directory (posix_spawn_file_actions_addchdir_np is not visible to Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid = pid_t()
        let code: Int32
        if let envp {
            code =
                command[0].contains("/")
                ? posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
                : posix_spawnp(&pid, command[0], &actions, &attributes, argv, envp)
        } else {
            code =
                command[0].contains("/")
                ? posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
                : posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ)
        }
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard code == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw ProcessFailure(description: "cannot start \(executable): \(String(cString: strerror(code)))")
        }
        return Started(pid: pid, pipe: pipeEnds[0] >= 0 ? pipeEnds[0] : nil)
    }

    /// Waits for `pid` to end, on this thread; its exit status, or 128 + the signal that ended it.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A pipe whose ends are closed in every other child (close-on-exec): only the dup'ed end
    /// reaches this one. (`pipe2` is not visible to Swift; `start` holds `pipeLock` from here to
    /// the spawn, so no other child of this launcher inherits an end before the flag is set.)
    private static func makePipe(_ ends: inout [Int32]) throws {
        guard pipe(&ends) == 0 else {
            throw ProcessFailure(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    }

    /// Held while a pipe is made and its child spawned.
    private static let pipeLock = NSLock()

    private static func redirect(
        _ actions: inout posix_spawn_file_actions_t, _ descriptor: Int32, _ redirection: Redirection, pipe: Int32,
        forReading: Bool
    ) throws {
        switch redirection {
        case .null:
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", forReading ? O_RDONLY : O_WRONLY, 0)
        case .file(let path, let append):
            let flags = forReading ? O_RDONLY : O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
            posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o644)
        case .pipe:
            guard !forReading else { throw ProcessFailure(description: "standard input cannot be a pipe here") }
            posix_spawn_file_actions_adddup2(&actions, pipe, descriptor)
        case .standardOutput:
            guard descriptor == 2 else {
                throw ProcessFailure(description: "only standard error can go where standard output goes")
            }
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }
}
