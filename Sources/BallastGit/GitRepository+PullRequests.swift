import CGit2

extension GitRepository {
    /// Where a mirror keeps the head of pull request `number`: outside `refs/remotes/`, so the
    /// branch fetch's pruning leaves it alone and no branch list shows it.
    static func pullRequestReference(_ number: Int) -> String {
        "refs/ballast/pull/\(number)/head"
    }

    /// Fetches the head of pull request `number` (`refs/pull/N/head` on the remote, as GitHub
    /// keeps it) and returns its commit. Only that reference is fetched.
    public func fetchPullRequest(_ number: Int) throws(GitError) -> CommitID {
        let reference = Self.pullRequestReference(number)
        try withRemote { (remoteHandle, session) throws(GitError) in
            var options = git_fetch_options()
            try LibGit2.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare a fetch")
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.update_fetchhead = 0
            session.install(into: &options.callbacks)
            let code = try LibGit2.withStringArray(["+refs/pull/\(number)/head:\(reference)"]) { refspecs in
                git_remote_fetch(remoteHandle, &refspecs, &options, "ballast: fetch pull request \(number)")
            }
            if code < 0 { throw session.error(code: code, operation: "fetch pull request #\(number) from") }
        }
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, reference)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError.objectNotFound(
                id: "refs/pull/\(number)/head", message: "the remote has no head for pull request #\(number)")
        }
        try LibGit2.check(code, "resolve the head of pull request #\(number)")
        let commit = try lookupCommit(CommitID(oid))
        defer { git_commit_free(commit) }
        return CommitID(git_commit_id(commit).pointee)
    }
}
