import Foundation

/// The repository's peers, started for a test.
extension LoopbackPeer {
    /// The repository's root folder.
    public static var repositoryRoot: URL { RepositoryRoot.url }

    /// `controller/aws-emulator` on a free port, blocking this thread until it listens;
    /// `arguments` adds options (`--latency fast`).
    public static func emulator(_ arguments: [String] = []) throws -> LoopbackPeer {
        try LoopbackPeer(starting: .emulator(repositoryRoot: repositoryRoot, arguments: arguments))
    }

    /// `controller/aws-emulator` on a free port, suspending until it listens; fails, saying how
    /// to install moto, when Python or moto is missing.
    public static func startEmulator(_ arguments: [String] = []) async throws -> LoopbackPeer {
        try await start(.emulator(repositoryRoot: repositoryRoot, arguments: arguments))
    }

    /// The recording (and, with `extra`, fault-injecting) proxy in front of `target`.
    public static func proxy(target: String, log: String, extra: [String] = []) throws -> LoopbackPeer {
        try LoopbackPeer(starting: .proxy(repositoryRoot: repositoryRoot, target: target, log: log, extra: extra))
    }

    /// A stand-in for the GitHub API (or a notification receiver) that records every call to
    /// `log`; `extra` changes its answers (`--fail-first 1`, `--status 404`, `--hang 30`).
    public static func githubRecorder(log: String, extra: [String] = []) throws -> LoopbackPeer {
        try LoopbackPeer(starting: .githubRecorder(repositoryRoot: repositoryRoot, log: log, extra: extra))
    }

    /// `git http-backend` serving the repositories under `root` behind basic auth: user
    /// `ballast` with the password in `passwordFile`; every request is recorded in `log`.
    public static func gitHTTPServer(root: String, passwordFile: String, log: String) throws -> LoopbackPeer {
        try LoopbackPeer(
            starting: .gitHTTPServer(repositoryRoot: repositoryRoot, root: root, passwordFile: passwordFile, log: log))
    }
}
