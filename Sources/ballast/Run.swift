import ArgumentParser
import BallastController
import BallastControllerConfig
import BallastGit
import BallastModel
import Foundation
import Logging
import ServiceLifecycle

/// `ballast run`: the controller. Polls the Git remote, reconciles every stage from its branch,
/// and serves status, badges, metrics and the push webhook until SIGTERM.
struct Run: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the controller: watch the Git remote, reconcile every stage, serve status.",
        discussion:
            "Settings come from --config (controller/config.yaml); each flag overrides its setting. SIGTERM or SIGINT stops it gracefully (exit 0)."
    )

    @Option(name: .long, help: "The configuration file (controller/config.yaml).")
    var config: String?

    @Option(name: .long, help: "The Git remote (https://, ssh://, git:// or a path).")
    var remote: String?

    @Option(name: .long, help: "The branch whose desired/ballast.yaml names the stages.")
    var branch: String?

    @Option(name: .long, help: "The folder of the Git mirror.")
    var cache: String?

    @Option(name: .long, help: "Between polls, e.g. 30s or 1m.")
    var interval: String?

    @Option(name: .long, help: "Longest wait between two looks at a rollout in progress, e.g. 5s.")
    var rolloutTick: String?

    @Option(name: .long, help: "host:port for status, badges, metrics and the webhook.")
    var listen: String?

    @Option(name: .long, help: "The GitHub webhook secret's file (enables POST /hooks/git).")
    var webhookSecretFile: String?

    @Option(name: .long, help: "Only apply commits signed by a key in this allowed-signers file.")
    var allowedSignersFile: String?

    @Option(name: .long, help: "owner/name for GitHub commit statuses (with --github-token-file).")
    var githubRepository: String?

    @Option(name: .long, help: "The GitHub token's file.")
    var githubTokenFile: String?

    @Option(name: .long, help: "The GitHub API base URL (GitHub Enterprise: https://HOST/api/v3).")
    var githubApiUrl: String?

    @Option(name: .long, help: "How many replicas share the applications (a StatefulSet's replicas).")
    var shards: Int?

    @Option(
        name: .long,
        help: "This replica's shard, from 0 (default: the ordinal of the hostname, ballast-2 → 2, when --shards > 1).")
    var shard: Int?

    @OptionGroup(title: "Logging") var log: LogOptions

    /// The controller's text lines carry their time, level and every field.
    static let logStyle = LogLine.TextStyle.stamped

    func run() async throws {
        FreeMemory.tuneAllocator()
        let settings = try resolvedConfig()
        guard let address = ListenAddress(settings.http.listen) else {
            throw CommandFailure("--listen must be \(ListenAddress.allowedForms), found \(settings.http.listen)")
        }
        let logger = Logger(label: "ballast")
        // A remote that can never work is refused now, before AWS is called, not retried forever.
        do {
            for warning in try ControllerLoop.check(settings) { logger.warning("\(warning)") }
        } catch {
            throw CommandFailure("\(error)")
        }
        let metrics = ControllerMetrics()
        let session: AWSSession
        do {
            // One bucket per service and region for the whole process: a drift check never takes
            // the rate a deploy needs, and AWS's own throttling is not what paces the controller.
            session = try AWSSession(environment: .process(), requestsPerSecond: settings.aws.requestsPerSecond) {
                service, operation in
                metrics.recordAWSRequest(service: service, operation: operation, application: ApplicationScope.name)
                logger.debug("AWS request", metadata: ["service": "\(service)", "operation": "\(operation)"])
            }
        } catch {
            throw CommandFailure("cannot reach AWS: \(error)")
        }
        defer { session.shutdown() }
        var statuses: GitHubCommitStatuses?
        var pullRequests: GitHubPullRequests?
        if let github = settings.github {
            guard let url = URL(string: github.apiURL), url.scheme != nil else {
                throw CommandFailure("the GitHub API URL must be an absolute URL, found \(RemoteURL(github.apiURL))")
            }
            statuses = GitHubCommitStatuses(
                transport: session.client.transport, apiURL: url, repository: github.repository,
                tokenFile: github.tokenFile)
            if github.pullRequests.enabled {
                pullRequests = GitHubPullRequests(
                    transport: session.client.transport, apiURL: url, repository: github.repository,
                    tokenFile: github.tokenFile)
            }
        }
        var webhook: WebhookVerifier?
        if let file = settings.http.webhookSecretFile {
            do {
                webhook = try WebhookVerifier(secretFile: file)
            } catch {
                throw CommandFailure("the webhook secret: \(error)")
            }
        }
        var notifications: Notifications?
        if !settings.notifications.isEmpty {
            do {
                for warning in try NotificationCheck.check(settings.notifications, configFile: config ?? "--config") {
                    logger.warning("\(warning)")
                }
                notifications = try Notifications(targets: settings.notifications, metrics: metrics, logger: logger)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        let hostname = Self.hostname()
        let shard = try resolvedShard(hostname: hostname)
        let applications = ApplicationStatuses(config: settings, shard: shard, hostname: hostname, time: Date())
        // The loops start once the server listens: a taken or unusable address ends the
        // controller (exit 1, the address named) before Git is fetched or AWS called.
        let listening = ListeningSignal()
        let loops = ApplicationLoops(
            config: settings, applications: applications, session: session, metrics: metrics, statuses: statuses,
            notifications: notifications, listening: listening, logger: logger)
        let server = ControllerHTTPServer(
            configuration: .init(host: address.host, port: address.port), applications: applications,
            metrics: metrics, webhook: webhook, onPush: { loops.push($0) },
            onListening: { port in
                logger.info("listening on http://\(address.with(port: port))", metadata: ["port": "\(port)"])
            },
            listening: listening, logger: logger)
        for application in settings.resolvedApplications
        where applications.store(of: application.name) != nil {
            logger.info(
                "watching the Git remote (stages from \(application.path)/ballast.yaml of the branch)",
                metadata: [
                    "application": "\(application.name)", "remote": "\(RemoteURL(application.git.remote))",
                    "branch": "\(application.git.branch)",
                ])
        }
        if shard.count > 1 {
            logger.info(
                "shard \(shard.index) of \(shard.count): reconciling \(loops.names.count) of \(settings.resolvedApplications.count) applications",
                metadata: ["shard": "\(shard.index)", "applications": .array(loops.names.map { "\($0)" })])
        }
        if pullRequests != nil, !settings.isSingleApplication {
            logger.warning(
                "pull-request previews are not offered with an applications: list yet; github.pullRequests is ignored")
            pullRequests = nil
        }
        do {
            var services: [any Service] = [server, loops]
            if let notifications { services.append(notifications) }
            if let pullRequests {
                services.append(
                    PullRequestPreviews(
                        config: settings, session: session, github: pullRequests, metrics: metrics,
                        listening: listening, logger: logger))
            }
            try await ControllerServiceGroup.run(services: services, logger: logger)
        } catch let failure as ControllerHTTPServer.ListenFailure {
            throw CommandFailure("\(failure) (http.listen or --listen)")
        } catch let collision as ApplicationLoops.StackCollision {
            throw CommandFailure("\(collision)")
        }
    }

    /// This replica's shard: `--shard` of `--shards`, or the hostname's ordinal when `--shard`
    /// is absent and there is more than one shard.
    func resolvedShard(hostname: String) throws -> Shard {
        let count = shards ?? 1
        guard count >= 1, count <= 1000 else { throw CommandFailure("--shards must be from 1 to 1000, found \(count)") }
        let index: Int
        if let shard {
            index = shard
        } else if count == 1 {
            index = 0
        } else if let ordinal = Shard.ordinal(ofHostname: hostname) {
            index = ordinal
        } else {
            throw CommandFailure(
                "--shards \(count) needs --shard I, or a hostname ending in a StatefulSet ordinal (ballast-2), found \(hostname)"
            )
        }
        guard let shard = Shard(index: index, count: count) else {
            throw CommandFailure("--shard must be from 0 to \(count - 1) with --shards \(count), found \(index)")
        }
        return shard
    }

    /// The machine's hostname (a pod's name in Kubernetes).
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The configuration file's settings with the flags applied, checked.
    func resolvedConfig() throws -> ControllerConfig {
        var settings: ControllerConfig
        if let config {
            do {
                settings = try ControllerConfig.load(path: config)
            } catch {
                throw CommandFailure(error.description)
            }
        } else {
            guard let remote else { throw CommandFailure("give --config FILE or --remote URL") }
            let cache = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ballast/run")
                .path
            settings = ControllerConfig(remote: remote, cache: cache)
        }
        if !settings.isSingleApplication, remote != nil || branch != nil {
            throw CommandFailure(
                "--remote and --branch are the single form; the configuration lists applications: set them there")
        }
        if let remote { settings.git.remote = remote }
        if let branch { settings.git.branch = branch }
        if let cache {
            // With a list, each application's mirror is a folder of the cache named after it.
            settings.git.cache = cache
            for index in settings.applications.indices {
                settings.applications[index].git.cache = cache + "/" + settings.applications[index].name
            }
        }
        if let interval {
            settings.loop.interval = try Self.duration(interval, flag: "--interval")
            settings.loop.jitter = settings.loop.interval / 10
        }
        if let rolloutTick { settings.loop.rolloutTick = try Self.duration(rolloutTick, flag: "--rollout-tick") }
        if let listen { settings.http.listen = listen }
        if let webhookSecretFile { settings.http.webhookSecretFile = webhookSecretFile }
        if let allowedSignersFile {
            settings.git.allowedSignersFile = allowedSignersFile
            for index in settings.applications.indices {
                settings.applications[index].git.allowedSignersFile = allowedSignersFile
            }
        }
        if githubRepository != nil || githubTokenFile != nil {
            guard let repository = githubRepository ?? settings.github?.repository,
                let token = githubTokenFile ?? settings.github?.tokenFile
            else {
                throw CommandFailure("GitHub commit statuses need both --github-repository and --github-token-file")
            }
            settings.github = ControllerConfig.GitHub(
                apiURL: githubApiUrl ?? settings.github?.apiURL ?? "https://api.github.com", repository: repository,
                tokenFile: token, pullRequests: settings.github?.pullRequests ?? PullRequestPreviewSettings())
        } else if let githubApiUrl, settings.github != nil {
            settings.github?.apiURL = githubApiUrl
        }
        guard !settings.isSingleApplication || !settings.git.remote.isEmpty else {
            throw CommandFailure("no Git remote: set git.remote or --remote")
        }
        return settings
    }

    static func duration(_ text: String, flag: String) throws -> Duration {
        guard let duration = DurationText.parse(text), duration > .zero else {
            throw CommandFailure("\(flag) must be a duration such as 500ms, 30s, 5m or 1h, found \(text)")
        }
        return duration
    }
}
