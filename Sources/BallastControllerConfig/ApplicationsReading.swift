import BallastModel

/// Reads `applications:` of `controller/config.yaml`: a list of applications, each a name, a
/// remote with its credentials, the desired-state folder inside the repository and an interval;
/// `git:` gives each application's defaults (everything but the remote). Names must be
/// DNS-label-like and unique; every problem is reported with its file and line.
enum ApplicationsReading {
    static let keys = [
        "name", "remote", "branch", "tokenFile", "user", "passwordFile", "sshKeyFile", "knownHostsFile",
        "allowedSignersFile", "path", "interval", "githubRepository",
    ]

    /// The applications of the list `value`, inheriting `defaults` (whose `cache` is the parent
    /// of each application's mirror folder); `github`: whether the configuration has `github:`,
    /// which a `githubRepository` needs. Problems go to `sink`.
    static func applications(
        _ value: YAMLValue, defaults: ControllerConfig.Git, github: Bool, sink: DiagnosticSink
    ) -> [ControllerApplication] {
        guard case .sequence(let sequence) = value.node else {
            sink.report(value.position, "'applications' must be a list of applications, found \(value.found)")
            return []
        }
        if sequence.isEmpty {
            sink.report(value.position, "'applications' must list at least one application")
        }
        var applications: [ControllerApplication] = []
        var seen: [String: SourcePosition] = [:]
        for (index, node) in sequence.enumerated() {
            let item = YAMLValue(node: node, file: value.file)
            guard let application = application(item, index: index, defaults: defaults, github: github, sink: sink)
            else { continue }
            if let first = seen[application.name] {
                sink.report(
                    application.position ?? item.position,
                    "application '\(application.name)' is listed twice (first at line \(first.line))")
                continue
            }
            seen[application.name] = application.position ?? item.position
            applications.append(application)
        }
        return applications
    }

    private static func application(
        _ value: YAMLValue, index: Int, defaults: ControllerConfig.Git, github: Bool, sink: DiagnosticSink
    ) -> ControllerApplication? {
        let context = "application \(index + 1)"
        guard let entry = MappingReader(value, context: context, allowedKeys: keys, sink: sink) else { return nil }
        let name = entry.string("name", required: true)
        if let name, !ControllerApplication.isValidName(name.value), let position = name.position {
            sink.report(
                position,
                "application name '\(name.value)' is not allowed: use lowercase letters, digits and single hyphens, "
                    + "starting with a letter and not ending with a hyphen, at most "
                    + "\(ControllerApplication.maximumNameLength) characters")
        }
        let remote = entry.string("remote", required: true)
        var git = defaults
        git.remote = remote?.value ?? ""
        git.branch = entry.string("branch")?.value ?? defaults.branch
        if let branch = entry.string("branch") { NameRules.checkBranch(branch, sink: sink) }
        git.tokenFile = entry.string("tokenFile")?.value ?? defaults.tokenFile
        git.user = entry.string("user")?.value ?? defaults.user
        git.passwordFile = entry.string("passwordFile")?.value ?? defaults.passwordFile
        git.sshKeyFile = entry.string("sshKeyFile")?.value ?? defaults.sshKeyFile
        git.knownHostsFile = entry.string("knownHostsFile")?.value ?? defaults.knownHostsFile
        git.allowedSignersFile = entry.string("allowedSignersFile")?.value ?? defaults.allowedSignersFile
        if git.passwordFile != nil, git.user == nil, let position = entry.keyPosition("passwordFile") {
            sink.report(position, "'passwordFile' needs 'user' in \(context) (or in 'git')")
        }
        var path = "desired"
        if let folder = entry.string("path") {
            if let problem = pathProblem(folder.value), let position = folder.position {
                sink.report(position, "'path' in \(context) \(problem), found '\(folder.value)'")
            }
            path = folder.value
        }
        let interval = entry.duration("interval", in: .seconds(1)...Duration.seconds(3600))
        let repository = entry.string("githubRepository")
        if let repository, let position = repository.position {
            let parts = repository.value.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: \.isEmpty) {
                sink.report(position, "'githubRepository' in \(context) must be owner/name, found \(repository.value)")
            } else if !github {
                sink.report(
                    position,
                    "'githubRepository' in \(context) needs 'github' (its apiURL and tokenFile) in the configuration")
            }
        }
        guard let name, remote != nil else { return nil }
        git.cache = defaults.cache + "/" + name.value
        return ControllerApplication(
            name: name.value, git: git, path: path, interval: interval?.value, githubRepository: repository?.value,
            position: name.position)
    }

    /// Why `path` cannot name a folder inside the repository, nil when it can.
    static func pathProblem(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.isEmpty || path.hasPrefix("/") || path.hasSuffix("/") || parts.contains(where: \.isEmpty) {
            return "must be a relative folder inside the repository, such as desired or services/shop/desired"
        }
        if parts.contains(where: { $0 == "." || $0 == ".." }) {
            return "may not contain '.' or '..' parts"
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == "\\" }) {
            return "may not contain control characters or backslashes"
        }
        return nil
    }
}
