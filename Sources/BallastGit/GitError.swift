/// Why a Git operation failed, in words a user can act on.
///
/// Messages carry libgit2's own text (`git_error_last`) and what Ballast was doing; they never
/// carry a secret: tokens, passwords and key material are scrubbed before an error is made.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libgit2 call failed; `operation` says what Ballast was doing.
    case operationFailed(operation: String, message: String)
    /// The remote could not be reached (name resolution, connection, protocol).
    case remoteUnreachable(remote: String, message: String)
    /// The remote refused the credentials, or none fit what it asked for.
    case authenticationFailed(remote: String, message: String)
    /// An SSH host key was not in the known-hosts file, or did not match it.
    case hostKeyRejected(host: String, reason: String)
    /// A watched branch does not exist; `existing` lists the branches that do.
    case branchNotFound(branch: String, existing: [String])
    /// A commit, tree or blob is not in the repository.
    case objectNotFound(id: String, message: String)
    /// The commit has no desired-state folder (or it is not a folder).
    case desiredFolderMissing(commit: CommitID, folder: String, found: String?)
    /// The remote refused to update a reference on push.
    case pushRejected(reference: String, message: String)
    /// The configuration cannot work (for example `ssh://` without a known-hosts file).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .operationFailed(let operation, let message):
            return "git: \(operation) failed: \(message)"
        case .remoteUnreachable(let remote, let message):
            return "git: cannot reach \(remote): \(message)"
        case .authenticationFailed(let remote, let message):
            return "git: authentication to \(remote) failed: \(message)"
        case .hostKeyRejected(let host, let reason):
            return "git: host key of \(host) refused: \(reason)"
        case .branchNotFound(let branch, let existing):
            let list =
                existing.isEmpty ? "the repository has no branches" : "branches: " + existing.joined(separator: ", ")
            return "git: branch '\(branch)' does not exist (\(list))"
        case .objectNotFound(let id, let message):
            return "git: object \(id) not found: \(message)"
        case .desiredFolderMissing(let commit, let folder, let found):
            if let found {
                return "git: commit \(commit.short) has '\(folder)' but it is a \(found), not a folder"
            }
            return "git: commit \(commit.short) has no '\(folder)/' folder; the desired state lives in \(folder)/"
        case .pushRejected(let reference, let message):
            return "git: push of \(reference) rejected: \(message)"
        case .invalidConfiguration(let message):
            return "git: \(message)"
        }
    }
}
