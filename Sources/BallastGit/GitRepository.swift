import CGit2
import Foundation

/// A Git repository on disk, read and written through libgit2 (never the `git` command).
///
/// Usually a bare mirror of a remote in a cache folder: `mirror(remote:cache:)` creates it once
/// (the first `fetch()` is the clone), and every poll calls `fetch()`. Every method blocks on
/// disk or network I/O, so a `GitRepository` is used from one thread: `GitMirror` runs it on a
/// dedicated queue, away from Swift's cooperative pool. It is deliberately not `Sendable`.
public final class GitRepository {
    let handle: OpaquePointer
    /// The repository's folder (the `.git` folder of a working copy, or the bare repository).
    public let path: String
    /// The remote that `fetch()` and pushes talk to (`origin`), if any.
    let remote: RemoteURL?
    let credentials: GitCredentials
    let environment: [String: String]
    /// Where branches live: `refs/remotes/origin/` in a mirror, `refs/heads/` in an opened repository.
    let branchPrefix: String
    /// The `origin` remote, looked up once and kept for every fetch and push (see
    /// ``withRemote(_:)``); nil until first needed.
    private var remoteHandle: OpaquePointer?

    /// The remote name Ballast uses in its mirrors.
    static let remoteName = "origin"
    /// What a fetch brings: every branch, and every notes ref (status and approvals).
    static let fetchRefspecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/notes/*:refs/notes/*"]

    private init(
        handle: OpaquePointer, path: String, remote: RemoteURL?, credentials: GitCredentials,
        environment: [String: String], branchPrefix: String
    ) {
        self.handle = handle
        self.path = path
        self.remote = remote
        self.credentials = credentials
        self.environment = environment
        self.branchPrefix = branchPrefix
    }

    deinit {
        if let remoteHandle { git_remote_free(remoteHandle) }
        git_repository_free(handle)
    }

    /// Opens an existing repository (a working copy or a bare one); its branches are `refs/heads/*`.
    public static func open(path: String) throws(GitError) -> GitRepository {
        LibGit2.ensureInitialised()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        guard code == 0, let handle else {
            throw GitError.operationFailed(
                operation: "open the repository \(path)", message: LibGit2.lastErrorMessage())
        }
        return GitRepository(
            handle: handle, path: String(cString: git_repository_path(handle)), remote: nil, credentials: .none,
            environment: [:], branchPrefix: "refs/heads/")
    }

    /// Opens the bare mirror of `remote` in `cache`, creating it (empty) when the folder does not
    /// hold one yet; the first `fetch()` then downloads everything. A mirror of another URL in the
    /// same folder is pointed at `remote`.
    ///
    /// - Parameters:
    ///   - remote: an `https://`, `ssh://`, `git://` address or a local path.
    ///   - cache: the folder of the mirror (created if missing).
    ///   - credentials: what to offer the remote; read only when it asks.
    ///   - environment: where `SecretSource.environment` values are looked up.
    public static func mirror(
        remote: String, cache: String, credentials: GitCredentials = .none,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GitError) -> GitRepository {
        LibGit2.ensureInitialised()
        let url = RemoteURL(remote)
        var handle: OpaquePointer?
        let opened =
            FileManager.default.fileExists(atPath: cache + "/HEAD")
            && git_repository_open_ext(
                &handle, cache, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue), nil)
                == 0
        if !opened {
            do {
                try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
            } catch {
                throw GitError.operationFailed(
                    operation: "create the cache folder \(cache)", message: "\(error.localizedDescription)")
            }
            try LibGit2.check(git_repository_init(&handle, cache, 1), "create a bare mirror in \(cache)")
        }
        guard let handle else {
            throw GitError.operationFailed(operation: "open the mirror \(cache)", message: LibGit2.lastErrorMessage())
        }
        let repository = GitRepository(
            handle: handle, path: String(cString: git_repository_path(handle)), remote: url, credentials: credentials,
            environment: environment, branchPrefix: "refs/remotes/\(remoteName)/")
        try repository.configureRemote(url)
        return repository
    }

    /// Makes `origin` point at `url` with Ballast's refspecs. The mirror's config (a 0644 file)
    /// gets the address without its password or token: those reach libgit2 only through the
    /// credential callback. A mirror made before, with the secret in its config, loses it here.
    ///
    /// The configuration is read and written without `git_remote_lookup` or a remote created
    /// with `url.*.insteadOf` applied: see ``originRemote(_:)``.
    private func configureRemote(_ url: RemoteURL) throws(GitError) {
        let stored = url.withoutCredentials
        var config: OpaquePointer?
        try LibGit2.check(git_repository_config_snapshot(&config, handle), "read the config of \(path)")
        defer { git_config_free(config) }
        var current = git_buf()
        defer { git_buf_dispose(&current) }
        if git_config_get_string_buf(&current, config, "remote.\(Self.remoteName).url") == 0 {
            if current.ptr.map({ String(cString: $0) }) != stored {
                try LibGit2.check(
                    git_remote_set_url(handle, Self.remoteName, stored), "point the mirror at \(url.redacted)")
            }
            return
        }
        var options = git_remote_create_options()
        try LibGit2.check(
            git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)), "prepare a remote")
        options.repository = handle
        options.flags = UInt32(GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue)
        var created: OpaquePointer?
        let code = Self.remoteName.withCString { name in
            Self.fetchRefspecs[0].withCString { fetchspec in
                options.name = name
                options.fetchspec = fetchspec
                return git_remote_create_with_opts(&created, stored, &options)
            }
        }
        try LibGit2.check(code, "add the remote \(url.redacted)")
        git_remote_free(created)
        try LibGit2.check(git_remote_add_fetch(handle, Self.remoteName, Self.fetchRefspecs[1]), "add the notes refspec")
    }

    /// Runs `body` with the `origin` remote and a session for its callbacks.
    func withRemote<T>(_ body: (OpaquePointer, RemoteSession) throws(GitError) -> T) throws(GitError) -> T {
        guard let remote else {
            throw GitError.invalidConfiguration(
                "the repository at \(path) was opened without a remote; use GitRepository.mirror")
        }
        if remote.transport == .local, let folder = remote.localPath, !FileManager.default.fileExists(atPath: folder) {
            // libgit2 would say "unsupported URL protocol" for a path that does not exist.
            throw GitError.remoteUnreachable(
                remote: remote.redacted, message: "no such folder; a local remote is the path of a repository")
        }
        let session = try RemoteSession(remote: remote, credentials: credentials, environment: environment)
        let handleOfRemote = try originRemote(remote)
        return try withExtendedLifetime(session) { () throws(GitError) -> T in try body(handleOfRemote, session) }
    }

    /// The remote of every fetch and push: made on first use, in memory, from the address
    /// ``configureRemote(_:)`` gave `origin` (without credentials), and kept until the repository is freed (a fetch or push
    /// connects it with that call's callbacks and disconnects it at the end). It is made with
    /// `GIT_REMOTE_CREATE_SKIP_INSTEADOF`, not looked up as `origin`: `git_remote_lookup` (and a
    /// remote created without that flag) applies `url.*.insteadOf` by matching every
    /// configuration entry against a regular expression, and libgit2 1.5 (Debian 12) with PCRE2
    /// 10.42 leaks about 17 KiB at each entry that does not match (the match data of a failed
    /// match is not freed; fixed in libgit2 1.6): a lookup at every fetch and push made a
    /// controller's memory grow with every poll of every application. Fetches and pushes name
    /// their refspecs, so the remote's own configuration is not needed.
    private func originRemote(_ remote: RemoteURL) throws(GitError) -> OpaquePointer {
        if let remoteHandle { return remoteHandle }
        var options = git_remote_create_options()
        try LibGit2.check(
            git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)), "prepare a remote")
        options.repository = handle
        options.flags = UInt32(GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue)
        var created: OpaquePointer?
        try LibGit2.check(
            git_remote_create_with_opts(&created, remote.withoutCredentials, &options),
            "make the remote of \(path)")
        guard let created else {
            throw GitError.operationFailed(operation: "make the remote of \(path)", message: LibGit2.lastErrorMessage())
        }
        remoteHandle = created
        return created
    }

    /// Downloads what is new on the remote: every branch (deleted ones are pruned) and every notes
    /// ref. The first fetch of a new mirror is the clone.
    public func fetch() throws(GitError) {
        try withRemote { (remoteHandle, session) throws(GitError) in
            var options = git_fetch_options()
            try LibGit2.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare a fetch")
            options.prune = GIT_FETCH_PRUNE
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            session.install(into: &options.callbacks)
            let code = try LibGit2.withStringArray(Self.fetchRefspecs) { refspecs in
                git_remote_fetch(remoteHandle, &refspecs, &options, "ballast: fetch")
            }
            if code < 0 { throw session.error(code: code, operation: "fetch from") }
        }
    }

    /// The branches the repository has (in a mirror: those on the remote at the last fetch), sorted.
    public func branches() throws(GitError) -> [String] {
        var names = git_strarray()
        try LibGit2.check(git_reference_list(&names, handle), "list the references of \(path)")
        defer { git_strarray_dispose(&names) }
        var branches: [String] = []
        for index in 0..<names.count {
            guard let pointer = names.strings[index] else { continue }
            let name = String(cString: pointer)
            if name.hasPrefix(branchPrefix), name != branchPrefix + "HEAD" {
                branches.append(String(name.dropFirst(branchPrefix.count)))
            }
        }
        return branches.sorted()
    }

    /// The commit a branch points at, or `branchNotFound` naming the branches that exist.
    public func resolve(branch: String) throws(GitError) -> CommitID {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, branchPrefix + branch)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitError.branchNotFound(branch: branch, existing: (try? branches()) ?? [])
        }
        try LibGit2.check(code, "resolve the branch \(branch)")
        // The reference may point at an annotated tag or something else: peel to the commit.
        let commit = try lookupCommit(CommitID(oid))
        defer { git_commit_free(commit) }
        return CommitID(git_commit_id(commit).pointee)
    }

    /// Whether `commit` descends from `ancestor` (strictly: a commit does not descend from
    /// itself), as `git merge-base --is-ancestor` but excluding equality.
    public func isDescendant(_ commit: CommitID, of ancestor: CommitID) throws(GitError) -> Bool {
        var commitOID = commit.oid
        var ancestorOID = ancestor.oid
        let result = git_graph_descendant_of(handle, &commitOID, &ancestorOID)
        try LibGit2.check(result, "check whether \(commit.short) descends from \(ancestor.short)")
        return result == 1
    }

    /// How a branch moved from the last applied commit to `commit`: a force push (or a commit
    /// the repository does not know, as after a rewritten history) is `rewound`.
    public func move(from lastApplied: CommitID?, to commit: CommitID) throws(GitError) -> BranchMove {
        guard let lastApplied else { return .fastForward }
        if lastApplied == commit { return .unchanged }
        guard hasCommit(lastApplied) else {
            return .rewound(
                reason: "the last applied commit \(lastApplied.short) is not in the repository's history any more")
        }
        if try isDescendant(commit, of: lastApplied) { return .fastForward }
        return .rewound(
            reason: "\(commit.short) does not descend from the last applied commit \(lastApplied.short) (a force push?)"
        )
    }

    /// Whether the repository holds the commit.
    public func hasCommit(_ id: CommitID) -> Bool {
        var oid = id.oid
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0 else { return false }
        git_commit_free(commit)
        return true
    }

    /// Author, time, message and parents of a commit.
    public func info(of id: CommitID) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        let author = git_commit_author(commit)?.pointee
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { CommitID($0.pointee) }
        }
        return CommitInfo(
            id: id,
            authorName: author?.name.map { String(cString: $0) } ?? "",
            authorEmail: author?.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))),
            message: message,
            parents: parents)
    }

    /// The commit object; the caller frees it with `git_commit_free`.
    func lookupCommit(_ id: CommitID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var object: OpaquePointer?
        let code = git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError.objectNotFound(id: id.hex, message: LibGit2.lastErrorMessage())
        }
        try LibGit2.check(code, "read the commit \(id.short)")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        try LibGit2.check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "read \(id.short) as a commit")
        guard let peeled else {
            throw GitError.operationFailed(
                operation: "read the commit \(id.short)", message: LibGit2.lastErrorMessage())
        }
        return peeled
    }
}
