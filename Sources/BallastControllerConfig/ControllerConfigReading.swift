import BallastModel
import Foundation

extension ControllerConfig {
    /// Reads `controller/config.yaml`; every problem is reported with its file, line and what is
    /// allowed, all of them at once.
    public static func load(path: String) throws(DesiredStateErrors) -> ControllerConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DesiredStateErrors([DesiredStateError(file: path, message: "cannot read the configuration file")])
        }
        return try parse(data, path: path)
    }

    /// Reads a configuration from its bytes; `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws(DesiredStateErrors) -> ControllerConfig {
        let sink = DiagnosticSink()
        guard let root = YAMLFile.parse(path: path, data: data, sink: sink),
            let file = MappingReader(
                root, context: "the controller configuration",
                allowedKeys: ["git", "loop", "http", "github", "notifications", "aws", "applications"],
                sink: sink)
        else { throw DesiredStateErrors(sink.errors) }
        var config = ControllerConfig(remote: "", cache: "/var/cache/ballast")
        // With `applications:`, `git:` only gives their defaults: a remote there is the other form.
        let listed = file.optional("applications")
        if let git = file.mapping(
            "git", context: "'git'",
            allowedKeys: [
                "remote", "branch", "cache", "tokenFile", "user", "passwordFile", "sshKeyFile", "knownHostsFile",
                "allowedSignersFile", "notes",
            ], required: listed == nil)
        {
            config.git.remote = git.string("remote", required: listed == nil)?.value ?? ""
            if listed != nil, git.has("remote"), let position = git.keyPosition("remote") {
                sink.report(
                    position,
                    "'git.remote' and 'applications' are two forms of one setting: give each application its "
                        + "'remote' in 'applications' (git: then holds their defaults), or drop 'applications'")
            }
            config.git.branch = git.string("branch")?.value ?? config.git.branch
            config.git.cache = git.string("cache")?.value ?? config.git.cache
            config.git.tokenFile = git.string("tokenFile")?.value
            config.git.user = git.string("user")?.value
            config.git.passwordFile = git.string("passwordFile")?.value
            config.git.sshKeyFile = git.string("sshKeyFile")?.value
            config.git.knownHostsFile = git.string("knownHostsFile")?.value
            config.git.allowedSignersFile = git.string("allowedSignersFile")?.value
            config.git.notes = git.boolean("notes")?.value ?? config.git.notes
            if config.git.passwordFile != nil, config.git.user == nil, let position = git.keyPosition("passwordFile") {
                sink.report(position, "'passwordFile' needs 'user' in 'git'")
            }
        }
        if let loop = file.mapping(
            "loop", context: "'loop'",
            allowedKeys: ["interval", "jitter", "driftCheck", "rolloutTick", "maximumBackoff", "concurrentPasses"])
        {
            let hour = Duration.seconds(3600)
            config.loop.interval = loop.duration("interval", in: .seconds(1)...hour)?.value ?? config.loop.interval
            config.loop.jitter = loop.duration("jitter", in: .zero...hour)?.value ?? config.loop.interval / 10
            config.loop.driftCheck =
                loop.duration("driftCheck", in: .seconds(1)...(hour * 24))?.value ?? config.loop.driftCheck
            config.loop.rolloutTick =
                loop.duration("rolloutTick", in: .milliseconds(100)...hour)?.value ?? config.loop.rolloutTick
            config.loop.maximumBackoff =
                loop.duration("maximumBackoff", in: .seconds(1)...(hour * 24))?.value ?? config.loop.maximumBackoff
            config.loop.concurrentPasses =
                loop.integer("concurrentPasses", in: 1...1000, unit: " stage passes")?.value
                ?? config.loop.concurrentPasses
        }
        if let http = file.mapping("http", context: "'http'", allowedKeys: ["listen", "webhookSecretFile"]) {
            if let listen = http.string("listen") {
                if ListenAddress(listen.value) == nil, let position = listen.position {
                    sink.report(position, "'listen' must be \(ListenAddress.allowedForms), found \(listen.value)")
                }
                config.http.listen = listen.value
            }
            config.http.webhookSecretFile = http.string("webhookSecretFile")?.value
        }
        if let github = file.mapping(
            "github", context: "'github'", allowedKeys: ["apiURL", "repository", "tokenFile", "pullRequests"])
        {
            let repository = github.string("repository", required: true)
            if let repository, repository.value.split(separator: "/").count != 2, let position = repository.position {
                sink.report(position, "'repository' must be owner/name, found \(repository.value)")
            }
            let token = github.string("tokenFile", required: true)
            let pullRequests = github.mapping(
                "pullRequests", context: "'github.pullRequests'", allowedKeys: PullRequestPreviewSettings.keys
            ).map(PullRequestPreviewSettings.read)
            if let repository, let token {
                config.github = GitHub(
                    apiURL: github.string("apiURL")?.value ?? "https://api.github.com", repository: repository.value,
                    tokenFile: token.value, pullRequests: pullRequests ?? PullRequestPreviewSettings())
            }
        }
        if let listed {
            config.applications = ApplicationsReading.applications(
                listed, defaults: config.git, github: config.github != nil, sink: sink)
        }
        if let notifications = file.optional("notifications") {
            config.notifications = NotificationsReading.targets(notifications, sink: sink)
        }
        if let aws = file.mapping("aws", context: "'aws'", allowedKeys: ["requestsPerSecond"]),
            let rates = aws.mapping(
                "requestsPerSecond", context: "'requestsPerSecond' in 'aws'",
                allowedKeys: ControllerConfig.AWS.serviceKeys.map(\.key))
        {
            for (key, serviceId) in ControllerConfig.AWS.serviceKeys {
                if let rate = rates.integer(key, in: 1...1000, unit: " requests a second") {
                    config.aws.requestsPerSecond[serviceId] = rate.value
                }
            }
        }
        guard sink.isEmpty else { throw DesiredStateErrors(sink.errors) }
        return config
    }
}
