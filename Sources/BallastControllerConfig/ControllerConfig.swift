import BallastModel
import Foundation

/// What `ballast run` is set up with: `controller/config.yaml`, every value also a flag.
/// Stages and their branches come from `desired/ballast.yaml`, not from here.
public struct ControllerConfig: Sendable, Hashable {
    /// Where the desired state lives and how to reach it.
    public struct Git: Sendable, Hashable {
        /// The remote: `https://`, `ssh://`, `git://` or a local path.
        public var remote: String
        /// The branch whose `desired/ballast.yaml` names the stages (default `main`).
        public var branch: String
        /// The mirror's folder.
        public var cache: String
        /// A file holding an `https://` token (a mounted Secret).
        public var tokenFile: String?
        /// The user the token or password is sent as (default `x-access-token`).
        public var user: String?
        /// A file holding an `https://` password, sent with `user`.
        public var passwordFile: String?
        /// An SSH private key file for `ssh://` remotes.
        public var sshKeyFile: String?
        /// The known-hosts file `ssh://` hosts are checked against.
        public var knownHostsFile: String?
        /// When set, only commits signed by a key in this allowed-signers file are applied.
        public var allowedSignersFile: String?
        /// Whether status notes are pushed under `refs/notes/ballast` (default on).
        public var notes: Bool
    }

    /// When the loop runs.
    public struct Loop: Sendable, Hashable {
        /// Between polls of the remote (default 1 minute).
        public var interval: Duration
        /// Up to this much is added to each interval at random (default a tenth of it).
        public var jitter: Duration
        /// A stage whose branch has not moved is compared with AWS this often (default 10 minutes).
        public var driftCheck: Duration
        /// The longest wait between two looks at a rollout in progress (default 3 seconds: an
        /// alarm during a bake rolls back within that and one AWS call).
        public var rolloutTick: Duration
        /// The longest wait after failures (default 10 minutes); it starts at `interval`.
        public var maximumBackoff: Duration
        /// The most stage passes this controller runs at once over all its applications
        /// (default 10, as Argo CD's operation processors; controller-runtime calls it
        /// `MaxConcurrentReconciles`): each pass holds its AWS answers and plan in memory, and
        /// all of them share the account's request rates, so more at once is not faster.
        public var concurrentPasses: Int
    }

    /// The HTTP endpoints.
    public struct HTTP: Sendable, Hashable {
        /// `host:port` to listen on (default `0.0.0.0:8080`).
        public var listen: String
        /// The GitHub webhook secret's file; without it `POST /hooks/git` is not offered.
        public var webhookSecretFile: String?
    }

    /// GitHub commit statuses; off unless a token file is set.
    public struct GitHub: Sendable, Hashable {
        /// The API's base URL (default `https://api.github.com`; GitHub Enterprise: `https://HOST/api/v3`).
        public var apiURL: String
        /// `owner/name` of the repository.
        public var repository: String
        /// A file holding the token.
        public var tokenFile: String
        /// Plan previews on pull requests (`pullRequests:`; off by default).
        public var pullRequests: PullRequestPreviewSettings

        /// Statuses on `repository` through `apiURL` with the token in `tokenFile`.
        public init(
            apiURL: String = "https://api.github.com", repository: String, tokenFile: String,
            pullRequests: PullRequestPreviewSettings = PullRequestPreviewSettings()
        ) {
            self.apiURL = apiURL
            self.repository = repository
            self.tokenFile = tokenFile
            self.pullRequests = pullRequests
        }
    }

    /// Requests to AWS.
    public struct AWS: Sendable, Hashable {
        /// The most requests a second per service and region, by AWS service id
        /// (`CloudFormation`, `Lambda`, `CloudWatch`, `ECR`, `S3`, `STS`); nil leaves the
        /// controller's defaults, an entry overrides that service's.
        public var requestsPerSecond: [String: Int] = [:]
    }

    /// Git.
    public var git: Git
    /// The loop.
    public var loop: Loop
    /// HTTP.
    public var http: HTTP
    /// GitHub, when configured.
    public var github: GitHub?
    /// Where rollout and stage events are posted (none by default).
    public var notifications: [NotificationTarget] = []
    /// Requests to AWS.
    public var aws = AWS()
    /// The applications of the `applications:` list; empty for the single form (`git.remote`),
    /// which is one application named ``ControllerApplication/defaultName``.
    public var applications: [ControllerApplication] = []

    /// Whether the configuration is the single form: `git.remote`, no `applications:` list.
    public var isSingleApplication: Bool { applications.isEmpty }

    /// Every application the controller reconciles: the list, or the single form's one.
    public var resolvedApplications: [ControllerApplication] {
        guard isSingleApplication else { return applications }
        return [ControllerApplication(name: ControllerApplication.defaultName, git: git)]
    }

    /// A configuration for `remote` with every default.
    public init(remote: String, cache: String) {
        git = Git(
            remote: remote, branch: "main", cache: cache, tokenFile: nil, user: nil, passwordFile: nil,
            sshKeyFile: nil, knownHostsFile: nil, allowedSignersFile: nil, notes: true)
        loop = Loop(
            interval: .seconds(60), jitter: .seconds(6), driftCheck: .seconds(600), rolloutTick: .seconds(3),
            maximumBackoff: .seconds(600), concurrentPasses: 10)
        http = HTTP(listen: "0.0.0.0:8080", webhookSecretFile: nil)
        github = nil
    }
}

extension ControllerConfig.AWS {
    /// The keys of `aws.requestsPerSecond` and the AWS service ids they name.
    static let serviceKeys: [(key: String, serviceId: String)] = [
        ("cloudFormation", "CloudFormation"), ("lambda", "Lambda"), ("cloudWatch", "CloudWatch"), ("ecr", "ECR"),
        ("s3", "S3"), ("sts", "STS"),
    ]
}
