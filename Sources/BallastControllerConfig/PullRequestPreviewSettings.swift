import BallastModel

/// `github.pullRequests` of `controller/config.yaml`: plan previews on open pull requests whose
/// base is a stage's branch, one comment per pull request kept up to date. Off unless enabled.
public struct PullRequestPreviewSettings: Sendable, Hashable {
    /// The keys allowed under `github.pullRequests`.
    public static let keys = ["enabled", "forks", "interval", "budget"]

    /// Whether pull requests are previewed at all (default off).
    public var enabled: Bool
    /// Whether pull requests from forks are previewed too (default off: a fork's head is not
    /// fetched, AWS is not read for it and nothing is posted).
    public var forks: Bool
    /// Between two looks at the open pull requests (default 1 minute).
    public var interval: Duration
    /// The longest one look may take, all pull requests together (default 5 minutes): what is
    /// left is previewed on the next look.
    public var budget: Duration

    /// Settings with the defaults.
    public init(
        enabled: Bool = false, forks: Bool = false, interval: Duration = .seconds(60), budget: Duration = .seconds(300)
    ) {
        self.enabled = enabled
        self.forks = forks
        self.interval = interval
        self.budget = budget
    }

    /// Reads the mapping under `github.pullRequests`; problems go to `sink` with their line.
    static func read(_ reader: MappingReader) -> PullRequestPreviewSettings {
        var settings = PullRequestPreviewSettings()
        let hour = Duration.seconds(3600)
        settings.enabled = reader.boolean("enabled")?.value ?? settings.enabled
        settings.forks = reader.boolean("forks")?.value ?? settings.forks
        settings.interval = reader.duration("interval", in: .seconds(1)...(hour * 24))?.value ?? settings.interval
        settings.budget = reader.duration("budget", in: .seconds(1)...hour)?.value ?? settings.budget
        return settings
    }
}
