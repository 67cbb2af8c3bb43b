import BallastModel
import Foundation

/// The asynchronous face of a mirror for the controller: an actor whose work runs on its own
/// dispatch queue, so libgit2's blocking network and disk calls never hold a Swift concurrency
/// thread. The repository is opened (and created) on first use.
public actor GitMirror {
    private let executor: GitQueueExecutor
    private let remote: String
    private let cache: String
    private let credentials: GitCredentials
    private let environment: [String: String]
    private var repository: GitRepository?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// A mirror of `remote` kept in the folder `cache`.
    public init(
        remote: String, cache: String, credentials: GitCredentials = .none,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.executor = GitQueueExecutor(label: "ballast.git.\(cache)")
        self.remote = remote
        self.cache = cache
        self.credentials = credentials
        self.environment = environment
    }

    /// Runs `body` with the repository on the mirror's queue; for sequences of calls that belong
    /// together (fetch, resolve, read).
    public func withRepository<T: Sendable>(_ body: @Sendable (GitRepository) throws(GitError) -> T) throws(GitError)
        -> T
    {
        try body(try open())
    }

    /// Fetches, then resolves `branch`.
    public func fetch(resolving branch: String) throws(GitError) -> CommitID {
        let repository = try open()
        try repository.fetch()
        return try repository.resolve(branch: branch)
    }

    /// The desired-state folder at `commit`.
    public func desiredTree(at commit: CommitID, folder: String = "desired") throws(GitError) -> DesiredTree {
        try open().desiredTree(at: commit, folder: folder)
    }

    /// How the branch moved since `lastApplied`.
    public func move(from lastApplied: CommitID?, to commit: CommitID) throws(GitError) -> BranchMove {
        try open().move(from: lastApplied, to: commit)
    }

    /// The signature verdict on `commit`.
    public func verifySignature(of commit: CommitID, allowedSigners: AllowedSigners) throws(GitError) -> CommitTrust {
        try open().verifySignature(of: commit, allowedSigners: allowedSigners)
    }

    /// Writes the note on `commit` and pushes the notes ref; when the remote's ref moved
    /// meanwhile, fetches and tries once more.
    public func publishNote(_ text: String, on commit: CommitID, ref: NotesRef = .status) throws(GitError) {
        let repository = try open()
        try repository.writeNote(text, on: commit, ref: ref)
        do {
            try repository.pushNotes(ref)
        } catch .pushRejected {
            try repository.fetch()
            try repository.writeNote(text, on: commit, ref: ref)
            try repository.pushNotes(ref)
        }
    }

    /// Writes on `commit` the note `update` makes of the note there (nil: none), and pushes it.
    /// When the push is rejected (another writer pushed first), fetches and makes it again from
    /// theirs, up to three times, so writers of different lines of one note (two applications
    /// of one repository) each keep theirs.
    public func updateNote(
        on commit: CommitID, ref: NotesRef = .status, _ update: @Sendable (String?) -> String
    ) throws(GitError) {
        let repository = try open()
        var attempt = 1
        while true {
            try repository.writeNote(update(try repository.note(on: commit, ref: ref)), on: commit, ref: ref)
            do {
                try repository.pushNotes(ref)
                return
            } catch .pushRejected where attempt < 3 {
                attempt += 1
                try repository.fetch()
            }
        }
    }

    private func open() throws(GitError) -> GitRepository {
        if let repository { return repository }
        let opened = try GitRepository.mirror(
            remote: remote, cache: cache, credentials: credentials, environment: environment)
        repository = opened
        return opened
    }
}
