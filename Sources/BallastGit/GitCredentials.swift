import Foundation

/// Where a secret comes from. The value is read only when a remote asks for it, and it never
/// appears in an error or a log line.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    /// The contents of a file, without the trailing newline (a mounted Kubernetes secret).
    case file(String)
    /// The value of an environment variable.
    case environment(String)

    /// Reads the secret.
    func read(environment: [String: String]) throws(GitError) -> String {
        switch self {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GitError.invalidConfiguration("cannot read the secret file \(path)")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.trimmingCharacters(in: .newlines))
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw GitError.invalidConfiguration("the environment variable \(name) is not set")
            }
            return value
        }
    }

    /// Where the secret is read from (never the secret itself).
    public var description: String {
        switch self {
        case .file(let path): return "file \(path)"
        case .environment(let name): return "environment variable \(name)"
        }
    }
}

/// How Ballast proves who it is to `https://` remotes.
public struct HTTPSCredentials: Sendable, Hashable {
    /// The user name; forges take a token as the password of user `x-access-token`.
    public var user: String
    /// The token or password.
    public var secret: SecretSource

    /// A token, sent as the password of `user` (GitHub and Gitea accept `x-access-token`).
    public static func token(_ secret: SecretSource, user: String = "x-access-token") -> Self {
        Self(user: user, secret: secret)
    }

    /// A user name and password.
    public init(user: String, secret: SecretSource) {
        self.user = user
        self.secret = secret
    }
}

/// How Ballast proves who it is to `ssh://` remotes, and how it knows the server is genuine.
public struct SSHCredentials: Sendable, Hashable {
    /// The user when the URL names none (`ssh://host/repo`); usually `git`.
    public var user: String
    /// The private key file (OpenSSH or PEM format).
    public var privateKey: String
    /// The public key file, when it is not `privateKey` + `.pub` or that file is absent.
    public var publicKey: String?
    /// The passphrase of the private key, if it has one.
    public var passphrase: SecretSource?
    /// The OpenSSH known-hosts file the server's host key must be listed in. Required: an
    /// unknown host is never trusted.
    public var knownHosts: String

    /// SSH credentials.
    public init(
        user: String = "git", privateKey: String, publicKey: String? = nil, passphrase: SecretSource? = nil,
        knownHosts: String
    ) {
        self.user = user
        self.privateKey = privateKey
        self.publicKey = publicKey
        self.passphrase = passphrase
        self.knownHosts = knownHosts
    }
}

/// Everything Ballast may use to reach remotes. Local paths and `git://` need nothing.
public struct GitCredentials: Sendable, Hashable {
    /// For `https://` remotes.
    public var https: HTTPSCredentials?
    /// For `ssh://` remotes.
    public var ssh: SSHCredentials?

    /// Credentials for the remotes that need them.
    public init(https: HTTPSCredentials? = nil, ssh: SSHCredentials? = nil) {
        self.https = https
        self.ssh = ssh
    }

    /// No credentials: local paths, `git://`, public `https://` remotes.
    public static let none = GitCredentials()

    /// What is wrong with the environment's Git credentials, when a variable set would be
    /// silently ignored: a password (`BALLAST_GIT_PASSWORD` or `_FILE`) without
    /// `BALLAST_GIT_USER` to send it as. Nil when every variable set is used.
    public static func environmentProblem(_ environment: [String: String]) -> String? {
        func isSet(_ name: String) -> Bool { environment[name].map { !$0.isEmpty } ?? false }
        let token = isSet("BALLAST_GIT_TOKEN_FILE") || isSet("BALLAST_GIT_TOKEN")
        guard !token, !isSet("BALLAST_GIT_USER"),
            let password = ["BALLAST_GIT_PASSWORD_FILE", "BALLAST_GIT_PASSWORD"].first(where: isSet)
        else { return nil }
        return "\(password) is set but BALLAST_GIT_USER is not: set the user the password is sent as"
    }

    /// The credentials the environment describes:
    /// `BALLAST_GIT_TOKEN` or `BALLAST_GIT_TOKEN_FILE` (with `BALLAST_GIT_USER`, default
    /// `x-access-token`), or `BALLAST_GIT_PASSWORD` / `BALLAST_GIT_PASSWORD_FILE` with
    /// `BALLAST_GIT_USER`; `BALLAST_GIT_SSH_KEY` (a private key file) with
    /// `BALLAST_GIT_KNOWN_HOSTS` (default `~/.ssh/known_hosts`) and optionally
    /// `BALLAST_GIT_SSH_PASSPHRASE_FILE`.
    public static func fromEnvironment(_ environment: [String: String]) -> GitCredentials {
        var credentials = GitCredentials()
        let user = environment["BALLAST_GIT_USER"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = environment["BALLAST_GIT_TOKEN_FILE"], !file.isEmpty {
            credentials.https = .token(.file(file), user: user ?? "x-access-token")
        } else if environment["BALLAST_GIT_TOKEN"].map({ !$0.isEmpty }) == true {
            credentials.https = .token(.environment("BALLAST_GIT_TOKEN"), user: user ?? "x-access-token")
        } else if let user, let file = environment["BALLAST_GIT_PASSWORD_FILE"], !file.isEmpty {
            credentials.https = HTTPSCredentials(user: user, secret: .file(file))
        } else if let user, environment["BALLAST_GIT_PASSWORD"].map({ !$0.isEmpty }) == true {
            credentials.https = HTTPSCredentials(user: user, secret: .environment("BALLAST_GIT_PASSWORD"))
        }
        if let key = environment["BALLAST_GIT_SSH_KEY"], !key.isEmpty {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let knownHosts = environment["BALLAST_GIT_KNOWN_HOSTS"].flatMap { $0.isEmpty ? nil : $0 }
            credentials.ssh = SSHCredentials(
                privateKey: key,
                passphrase: environment["BALLAST_GIT_SSH_PASSPHRASE_FILE"].flatMap { $0.isEmpty ? nil : .file($0) },
                knownHosts: knownHosts ?? home + "/.ssh/known_hosts")
        }
        return credentials
    }
}
