import BallastModel

/// One application a controller reconciles: a Git remote (with its credentials), the folder of
/// its desired state in that repository, and how often it is polled. Each has its own mirror,
/// stages, status, backoff and approvals.
public struct ControllerApplication: Sendable, Hashable {
    /// The name of the application the single-`git.remote` form of the configuration makes.
    public static let defaultName = "default"

    /// A DNS-label-like name: it appears in URL paths, metric labels, commit status contexts
    /// and the mirror's folder.
    public var name: String
    /// The remote, its branch naming the stages, the mirror's folder and the credentials.
    public var git: ControllerConfig.Git
    /// The desired-state folder inside the repository (default `desired`).
    public var path: String
    /// Between polls of this application's remote; nil: `loop.interval`.
    public var interval: Duration?
    /// The GitHub repository (`owner/name`) this application's commit statuses go to; nil:
    /// `github.repository`. The API URL and token are `github:`'s.
    public var githubRepository: String?
    /// Where the application was written in the configuration (nil for the single form).
    public var position: SourcePosition?

    /// An application named `name` on `git`, its desired state in `path`.
    public init(
        name: String, git: ControllerConfig.Git, path: String = "desired", interval: Duration? = nil,
        githubRepository: String? = nil, position: SourcePosition? = nil
    ) {
        self.name = name
        self.git = git
        self.path = path
        self.interval = interval
        self.githubRepository = githubRepository
        self.position = position
    }

    /// Whether `name` is allowed: lowercase letters, digits and single hyphens, starting with
    /// a letter, not ending with a hyphen, at most ``maximumNameLength`` characters.
    public static func isValidName(_ name: String) -> Bool {
        NameRules.isDatabaseIdentifier(name) && name.count <= maximumNameLength
    }

    /// The longest application name.
    public static let maximumNameLength = 40
}
