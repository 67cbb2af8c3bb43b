import Foundation

/// What can be known about a remote before its first fetch. A configuration that can never
/// work is refused at once: a scheme libgit2 cannot speak, a local path that does not exist,
/// an `ssh://` remote without a key or known-hosts file, a secret file that cannot be read.
/// Retrying those forever would only hide them; a host that is down or a server error is
/// transient and left to the fetch (and its retries). A configuration that works but exposes a
/// secret gives a warning: a password or token sent over plain `http://`, a secret file that
/// other users can read.
public struct RemoteCheck: Sendable {
    /// One line per exposed secret; say each once.
    public let warnings: [String]

    /// Checks `remote` with the `credentials` it will be fetched with; throws
    /// `GitError.invalidConfiguration` (one line naming the redacted remote and why) when it
    /// can never work.
    public init(remote text: String, credentials: GitCredentials) throws(GitError) {
        let url = RemoteURL(text)
        var warnings: [String] = []
        if url.unencodedPassword != nil {
            throw GitError.invalidConfiguration(
                "the remote \(url) has a password with a '/', '?' or '#' in it, which ends the address's "
                    + "host part; write them percent-encoded (%2F, %3F, %23), or use a token or password file")
        }
        if url.transport != .local, url.hasQueryOrFragment {
            throw GitError.invalidConfiguration(
                "the remote \(url) has a query (?…) or fragment (#…), which Git remotes do not use and "
                    + "which would be stored and printed as it is; give a token through a token file instead")
        }
        switch url.transport {
        case .unsupported(let scheme):
            throw GitError.invalidConfiguration(
                "the remote \(url) uses '\(scheme)://', which Ballast cannot fetch from; "
                    + "use https://, http://, ssh://, git://, file:// or a path")
        case .local:
            var isFolder: ObjCBool = false
            guard let path = url.localPath, !path.isEmpty,
                FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
            else {
                throw GitError.invalidConfiguration(
                    "the remote \(url) does not exist: a local remote is the folder of a Git repository")
            }
        case .ssh:
            if !text.contains("://"), url.redacted != text {
                throw GitError.invalidConfiguration(
                    "the remote \(url) puts a password in an scp-like address, which Git reads as the host "
                        + "before the first ':'; use ssh://USER@HOST/PATH and an SSH key")
            }
            guard let ssh = credentials.ssh else {
                throw GitError.invalidConfiguration(
                    "the remote \(url) is an SSH remote and no SSH private key is configured: "
                        + "configure a key (git.sshKeyFile or BALLAST_GIT_SSH_KEY) and a known-hosts file")
            }
            try Self.requireReadable(ssh.privateKey, what: "the SSH private key", remote: url)
            _ = try KnownHosts(path: ssh.knownHosts)
            warnings += [SecretFileAccess.warning(path: ssh.privateKey, what: "the SSH private key")]
                .compactMap { $0 }
            if case .file(let path) = ssh.passphrase {
                try Self.requireReadable(path, what: "the SSH key's passphrase file", remote: url)
                warnings += [SecretFileAccess.warning(path: path, what: "the SSH key's passphrase file")]
                    .compactMap { $0 }
            }
        case .http, .https:
            if let https = credentials.https, case .file(let path) = https.secret {
                try Self.requireReadable(path, what: "the Git token or password file", remote: url)
                warnings += [SecretFileAccess.warning(path: path, what: "the Git token or password file")]
                    .compactMap { $0 }
            }
            if url.transport == .http && (url.carriesSecret || credentials.https != nil) {
                warnings.append(
                    "the remote \(url) is plain http://: its password or token crosses the network unencrypted, "
                        + "readable by anyone on the path; use https://")
            }
        case .git:
            break
        }
        self.warnings = warnings
    }

    private static func requireReadable(_ path: String, what: String, remote: RemoteURL) throws(GitError) {
        if let reason = SecretFileAccess.problem(path: path) {
            throw GitError.invalidConfiguration("\(what) \(path) for the remote \(remote) \(reason)")
        }
    }
}
